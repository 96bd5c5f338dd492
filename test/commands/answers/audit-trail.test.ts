import { AnchoredAuditTrail } from '../../../src/audit-trail/anchored-audit-trail';
import { MemoryAuditAnchor } from '../../../src/audit-trail/file-audit-anchor';
import { turnEntry } from '../../../src/audit-trail/record-turn';
import { answerText, commandFromText } from '../../../src/commands/route';
import { parseCommand } from '../../../src/commands/parse/parse-command';
import { openStore } from '../../../src/store/open-store';
import type { Stores } from '../../../src/store/open-store';
import { fixtureDeps } from '../../support/fake-audit-source';
import { validateCard } from '../../support/validate-card';

const KEY = Buffer.from('audit-trail-command-test-key-0123456789');
const NOW = new Date('2025-06-01T08:00:00.000Z');

describe('parsing the audit trail commands', () => {
  it.each([
    ['verify audit trail', { kind: 'verify-audit-trail' }],
    ['Verify the audit trail?', { kind: 'verify-audit-trail' }],
    ['check audit trail', { kind: 'verify-audit-trail' }],
    ['audit trail', { kind: 'audit-trail', count: 10 }],
    ['show audit trail 25', { kind: 'audit-trail', count: 25 }],
    ['audit trail 500', { kind: 'audit-trail', count: 50 }],
    ['audit trail 0', { kind: 'audit-trail', count: 1 }],
  ])('%s', (text, command) => {
    expect(parseCommand(text)).toEqual(command);
  });

  it('leaves other audit and verify commands alone', () => {
    expect(parseCommand('audit SRV01').kind).toBe('audit-host');
    expect(parseCommand('verify svc_sql01 on SRV01').kind).toBe('test-account');
    expect(parseCommand('audit trail of doom').kind).not.toBe('audit-trail');
  });
});

describe('audit trail answers', () => {
  let stores: Stores;
  let trail: AnchoredAuditTrail;
  const deps = () => ({ ...fixtureDeps(NOW), auditTrail: trail });

  beforeEach(async () => {
    stores = await openStore({ kind: 'sqlite', path: ':memory:', auditKey: KEY });
    trail = new AnchoredAuditTrail(stores.auditTrail, KEY, new MemoryAuditAnchor());
    for (let i = 1; i <= 12; i += 1) {
      const request = { kind: 'command' as const, command: 'show', text: `show svc_${i}` };
      await trail.appendAudit(
        turnEntry({
          at: new Date(NOW.getTime() + i * 1000),
          conversationId: 'conv-1',
          decision: {
            actor: {
              teamsId: '29:a',
              entraObjectId: 'aad-a',
              userPrincipalName: 'alex@corp.example.test',
              name: 'Alex',
              tenantId: null,
              directoryAccountDn: 'CN=Alex,OU=People,DC=corp',
            },
            roles: ['reader'],
            request,
            requires: 'reader',
            allowed: true,
            reason: 'reader through MSA Warden Readers',
          },
          outcome: { answered: true, summary: `Account svc_${i}` },
        }),
      );
    }
  });
  afterEach(() => stores.close());

  it('says intact with the count and the head', async () => {
    const reply = await answerText('verify audit trail', deps());
    expect(reply.summary).toMatch(/^Audit trail intact: 12 entries, head #12 [0-9a-f]{16}…$/);
    expect(validateCard(reply.cards[0])).toEqual([]);
  });

  it('names the first broken entry when one was rewritten under a plain hash', async () => {
    // a forger without the key: reads the trail through a storage that hands back entry 5 edited
    const edited = new AnchoredAuditTrail(
      {
        appendAudit: (entry) => stores.auditTrail.appendAudit(entry),
        listAudit: async (query) =>
          (await stores.auditTrail.listAudit(query)).map((entry) =>
            entry.seq === 5 ? { ...entry, subject: 'conv-forged' } : entry,
          ),
      },
      KEY,
      new MemoryAuditAnchor(),
    );
    const reply = await answerText('verify audit trail', { ...fixtureDeps(NOW), auditTrail: edited });
    expect(reply.summary).toBe(
      'Audit trail broken at entry #5: its content no longer matches its HMAC: the entry was edited',
    );
    expect(JSON.stringify(reply.cards[0])).toContain('#5');
    expect(validateCard(reply.cards[0])).toEqual([]);
  });

  it('shows the latest n entries, newest first, with what was asked, the roles and the decision', async () => {
    const reply = await answerText('audit trail 3', deps());
    expect(reply.summary).toBe('Audit trail: 3 latest entries');
    const text = JSON.stringify(reply.cards[0]);
    expect(text.indexOf('#12 ')).toBeLessThan(text.indexOf('#11 '));
    expect(text).not.toContain('#9 ');
    expect(text).toContain('Asked: show svc_12 (show)');
    expect(text).toContain('Decision: allowed (reader; reader through MSA Warden Readers)');
    expect(validateCard(reply.cards[0])).toEqual([]);
  });

  it('says so when the bot keeps no trail', async () => {
    const reply = await answerText('audit trail', fixtureDeps(NOW));
    expect(reply.summary).toBe('This bot keeps no audit trail.');
    expect(commandFromText('audit trail 5')).toEqual({ kind: 'audit-trail', count: 5 });
  });
});
