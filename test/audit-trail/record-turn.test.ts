import { turnEntry } from '../../src/audit-trail/record-turn';
import type { TurnDecision } from '../../src/audit-trail/record-turn';
import { findSecrets } from '../../src/domain/redact-secrets';

const NOW = new Date('2025-06-01T08:00:00.000Z');
const refused = (request: TurnDecision['request']): TurnDecision => ({
  actor: {
    teamsId: '29:x',
    entraObjectId: null,
    userPrincipalName: null,
    name: null,
    tenantId: null,
    directoryAccountDn: null,
  },
  roles: [],
  request,
  requires: 'reader',
  allowed: false,
  reason: 'no role',
});

describe('turnEntry', () => {
  it('clips what was asked and keeps secrets out, so the store accepts it', () => {
    const entry = turnEntry({
      at: NOW,
      conversationId: null,
      decision: refused({
        kind: 'card',
        verb: 'fix.request',
        data: { note: 'x'.repeat(5000), password: 'hunter2', list: Array.from({ length: 100 }, (_, i) => i) },
      }),
      outcome: { answered: false, summary: 'Bearer abc.def' },
    });
    const text = JSON.stringify(entry.details);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('Bearer abc');
    expect(text.length).toBeLessThan(1500);
    expect(findSecrets(entry.details)).toEqual([]);
    expect(entry).toMatchObject({ actor: { id: '29:x', name: '29:x' }, subject: '(no conversation)' });
    expect(entry.details).toMatchObject({ outcome: { status: 'refused' }, decision: { roles: [] } });
  });

  it("clips the sender's own details too: a forged name or id cannot bloat every entry", () => {
    const big = 'N'.repeat(300_000);
    const decision = refused({ kind: 'command', command: 'help', text: 'help' });
    const entry = turnEntry({
      at: NOW,
      conversationId: `a:${big}`,
      decision: {
        ...decision,
        actor: { ...decision.actor, teamsId: `29:${big}`, name: big, tenantId: big, userPrincipalName: null },
      },
      outcome: { answered: true, summary: 'Help' },
    });
    expect(JSON.stringify(entry).length).toBeLessThan(3000);
    expect(entry.actor.name.length).toBeLessThanOrEqual(200);
    expect(entry.subject.length).toBeLessThanOrEqual(200);
  });

  it('keeps a __proto__ key in card data as data', () => {
    const data = JSON.parse('{"__proto__":{"role":"approver"}}') as unknown;
    const entry = turnEntry({
      at: NOW,
      conversationId: 'c',
      decision: refused({ kind: 'card', verb: 'show', data }),
      outcome: { answered: false, summary: 'no' },
    });
    expect(JSON.stringify(entry.details)).toContain('"__proto__":{"role":"approver"}');
  });
});
