import { answerCommand } from '../../src/commands/answer-command';
import type { Command } from '../../src/commands/command';
import { DirectoryError } from '../../src/domain/directory-error';
import { FakeDirectory } from '../support/fake-directory';
import { NOW, cardText, onlyValidCard, texts } from './card-inspect';

const deps = () => ({ directory: FakeDirectory.fromFixtures(), now: NOW });

describe('answerCommand', () => {
  it.each<[Command, string]>([
    [{ kind: 'find-host', host: 'SRV01' }, 'SRV01: 2 linked sMSAs'],
    [{ kind: 'list', accountKinds: ['gMSA'], offset: 0 }, 'gMSAs'],
    [{ kind: 'show', account: 'svc_sql01' }, 'svc_sql01'],
    [{ kind: 'help' }, 'What I can do'],
    [{ kind: 'unknown', text: 'make coffee' }, "I didn't understand 'make coffee'."],
  ])('routes %j', async (command, firstText) => {
    expect(texts(onlyValidCard(await answerCommand(command, deps())))[0]).toBe(firstText);
  });

  it.each<Command>([
    { kind: 'audit-privileged' },
    { kind: 'audit-all' },
    { kind: 'audit-host', host: 'SRV01' },
    { kind: 'migration-candidates', host: null },
    { kind: 'test-account', account: 'svc_sql01', host: 'SRV01' },
  ])('answers the audit command %j with help until the audit engine lands', async (command) => {
    const card = onlyValidCard(await answerCommand(command, deps()));
    expect(texts(card)[0]).toBe('This command arrives with the audit engine.');
    expect(cardText(card)).toContain('What I can do');
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
      { kind: 'find-host', host: 'SRV01' },
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
