import { AuditTrail } from '../../../src/audit-trail/audit-trail';
import { MemoryAuditAnchor } from '../../../src/audit-trail/file-audit-anchor';
import { turnEntry } from '../../../src/audit-trail/record-turn';
import { answerCommand } from '../../../src/commands/answer-command';
import { parseCommand } from '../../../src/commands/parse-command';
import { openStore } from '../../../src/store/open-store';
import type { Store } from '../../../src/store/store';
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
  let store: Store;
  let trail: AuditTrail;
  const deps = () => ({ ...fixtureDeps(NOW), auditTrail: trail });

  beforeEach(async () => {
    store = await openStore({ kind: 'sqlite', path: ':memory:', auditKey: KEY });
    trail = new AuditTrail(store, KEY, new MemoryAuditAnchor());
    for (let i = 1; i <= 12; i += 1) {
      await trail.append(
        turnEntry({
          at: new Date(NOW.getTime() + i * 1000),
          actor: {
            teamsId: '29:a',
            entraId: 'aad-a',
            userPrincipalName: 'alex@corp.example.test',
            displayName: 'Alex',
            adAccount: null,
            tenantId: null,
          },
          conversationId: 'conv-1',
          request: { kind: 'message', command: 'show', arguments: { account: `svc_${i}` } },
          decision: { allowed: true, reason: 'open' },
          outcome: { status: 'answered', summary: `Account svc_${i}` },
        }),
      );
    }
  });
  afterEach(() => store.close());

  it('says intact with the count and the head', async () => {
    const reply = await answerCommand(parseCommand('verify audit trail'), deps());
    expect(reply.summary).toMatch(/^Audit trail intact: 12 entries, head #12 [0-9a-f]{16}…$/);
    expect(validateCard(reply.cards[0])).toEqual([]);
  });

  it('names the first broken entry after a row was edited in the database', async () => {
    // edit entry 5 behind the bot's back, as someone with database access would
    const db = store as unknown as { query(sql: string, params: unknown[]): Promise<unknown> };
    await db.query('UPDATE audit_trail SET subject = $1 WHERE seq = $2', ['conv-forged', 5]);
    const reply = await answerCommand(parseCommand('verify audit trail'), deps());
    expect(reply.summary).toBe(
      'Audit trail broken at entry #5: its content no longer matches its HMAC: the entry was edited',
    );
    expect(JSON.stringify(reply.cards[0])).toContain('#5');
    expect(validateCard(reply.cards[0])).toEqual([]);
  });

  it('shows the latest n entries, newest first, on a valid card', async () => {
    const reply = await answerCommand(parseCommand('audit trail 3'), deps());
    expect(reply.summary).toBe('Audit trail: 3 latest entries');
    const text = JSON.stringify(reply.cards[0]);
    expect(text.indexOf('#12 ')).toBeLessThan(text.indexOf('#11 '));
    expect(text).not.toContain('#9 ');
    expect(text).toContain('Asked: show {\\"account\\":\\"svc_12\\"}');
    expect(validateCard(reply.cards[0])).toEqual([]);
  });

  it('says so when the bot keeps no trail', async () => {
    const reply = await answerCommand({ kind: 'audit-trail', count: 10 }, fixtureDeps(NOW));
    expect(reply.summary).toBe('This bot keeps no audit trail.');
  });
});
