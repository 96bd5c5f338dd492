import { fixtureDeps } from '../support/fake-audit-source';
import { answer as answerCommand } from '../../src/commands/route';
import type { Command } from '../../src/commands/command';
import { DirectoryError } from '../../src/domain/directory-error';
import { NOW, cardText, onlyValidCard, texts } from '../support/card-inspect';

const deps = () => fixtureDeps(NOW);

describe('answerCommand', () => {
  it.each<[Command, string]>([
    [{ kind: 'find-host', host: 'SRV01', offset: 0 }, 'SRV01: 2 linked sMSAs'],
    [{ kind: 'list', accountKinds: ['gMSA'], offset: 0 }, 'gMSAs'],
    [{ kind: 'show', account: 'svc_sql01' }, 'svc_sql01'],
    [{ kind: 'help' }, 'What I can do'],
    [{ kind: 'unknown', text: 'make coffee' }, "I didn't understand 'make coffee'."],
    // a digest command without a conversation to act on (a card click has none)
    [{ kind: 'digest-now' }, 'The digest is posted to a conversation: ask me in one.'],
  ])('routes %j', async (command, firstText) => {
    expect(texts(onlyValidCard(await answerCommand(command, deps())))[0]).toBe(firstText);
  });

  it.each<[Command, string]>([
    [
      { kind: 'audit-privileged', offset: 0 },
      'Privileged managed service accounts: 2 accounts, 2 privileged memberships',
    ],
    [{ kind: 'audit-all', offset: 0 }, 'Audit of all managed service accounts'],
    [{ kind: 'audit-host', host: 'SRV01', offset: 0 }, 'Audit of SRV01'],
    [
      { kind: 'migration-candidates', host: null, offset: 0 },
      'Migration candidates: 3 user accounts with SPNs',
    ],
    [{ kind: 'test-account', account: 'svc_sql01', host: 'SRV01' }, 'svc_sql01 on SRV01: all 5 points pass'],
  ])('routes the audit command %j', async (command, firstText) => {
    const d = deps();
    expect(texts(onlyValidCard(await answerCommand(command, d)))[0]).toBe(firstText);
    expect(d.auditSource.calls.length).toBeGreaterThan(0);
  });

  it('turns an audit source failure into the directory error card', async () => {
    const d = deps();
    d.auditSource.failure = new DirectoryError('timeout', 'search took 10s');
    const card = onlyValidCard(await answerCommand({ kind: 'audit-all', offset: 0 }, d));
    expect(texts(card)[0]).toBe('The directory took too long to answer');
    expect(cardText(card)).not.toContain('10s');
  });

  it('shortens a long unknown text', async () => {
    const card = onlyValidCard(await answerCommand({ kind: 'unknown', text: 'x'.repeat(5000) }, deps()));
    expect(texts(card)[0]!.length).toBeLessThan(130);
  });

  it('turns a directory failure into an error card, never an exception or the password', async () => {
    const d = deps();
    d.directory.failure = new DirectoryError(
      'bind-failed',
      'invalid credentials for CN=bot, password P@ssw0rd-42',
      49,
    );
    const seen: unknown[] = [];
    const reply = await answerCommand(
      { kind: 'find-host', host: 'SRV01', offset: 0 },
      { ...d, onError: (e) => seen.push(e) },
    );
    const card = onlyValidCard(reply);
    expect(texts(card)[0]).toBe("The bot's directory account could not sign in");
    expect(JSON.stringify(reply)).not.toContain('P@ssw0rd-42');
    expect(seen).toEqual([d.directory.failure]);
  });

  it('turns any other failure into the generic card, even when the logger throws', async () => {
    const d = deps();
    d.directory.failure = new RangeError('boom');
    const onError = () => {
      throw new Error('logger down');
    };
    const card = onlyValidCard(
      await answerCommand({ kind: 'show', account: 'svc_sql01' }, { ...d, onError }),
    );
    expect(texts(card)[0]).toBe('Something went wrong; nothing was changed');
    expect(JSON.stringify(card)).not.toContain('boom');
  });
});
