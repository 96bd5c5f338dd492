import { AuditTrail } from '../../src/audit-trail/audit-trail';
import { MemoryAuditAnchor } from '../../src/audit-trail/file-audit-anchor';
import { turnEntry } from '../../src/audit-trail/record-turn';
import type { ChatUser } from '../../src/bot/chat-app';
import { createChatApp } from '../../src/main';
import { openStore } from '../../src/store/open-store';
import type { Store } from '../../src/store/store';
import { fixtureDeps } from '../support/fake-audit-source';

const KEY = Buffer.from('every-turn-test-key-0123456789abcdef');
const NOW = new Date('2025-06-01T08:00:00.000Z');
const user: ChatUser = {
  id: '29:alex',
  aadObjectId: 'aad-alex',
  name: 'Alex Wilber',
  tenantId: 'tenant-1',
  userPrincipalName: 'alex@corp.example.test',
  conversationId: 'a:personal-alex',
};

describe('one audit entry per turn', () => {
  let store: Store;
  let trail: AuditTrail;

  beforeEach(async () => {
    store = await openStore({ kind: 'sqlite', path: ':memory:', auditKey: KEY });
    trail = new AuditTrail(store, KEY, new MemoryAuditAnchor());
  });
  afterEach(() => store.close());

  it('records a typed command and a card click with actor, conversation, what was asked, decision and outcome', async () => {
    const deps = fixtureDeps(NOW);
    const app = createChatApp(deps.directory, {
      auditSource: deps.auditSource,
      now: () => NOW,
      auditTrail: trail,
    });
    await app.answerText('find sMSAs on SRV01', user);
    await app.answerAction('show', { account: 'svc_sql01' }, user);

    const [message, click] = await store.listAudit();
    expect(message).toMatchObject({
      seq: 1,
      at: NOW,
      actor: { id: 'aad-alex', name: 'alex@corp.example.test' },
      action: 'turn.message',
      subject: 'a:personal-alex',
      details: {
        actor: {
          teamsId: '29:alex',
          entraId: 'aad-alex',
          userPrincipalName: 'alex@corp.example.test',
          adAccount: null,
          tenantId: 'tenant-1',
        },
        conversationId: 'a:personal-alex',
        asked: { command: 'find-host', arguments: { host: 'SRV01' } },
        decision: { allowed: true },
        outcome: { status: 'answered' },
      },
    });
    expect(click).toMatchObject({
      action: 'turn.card',
      details: { asked: { verb: 'show', data: { account: 'svc_sql01' } }, outcome: { status: 'answered' } },
    });
    expect(await trail.verify()).toMatchObject({ ok: true, entries: 2 });
  });

  it('answers even when the trail cannot be written, and tells the operator', async () => {
    const deps = fixtureDeps(NOW);
    const errors: string[] = [];
    const logger = {
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: (message: string) => void errors.push(message),
    };
    const app = createChatApp(deps.directory, {
      auditSource: deps.auditSource,
      now: () => NOW,
      auditTrail: trail,
      logger: logger as never,
    });
    await store.close();
    const reply = await app.answerText('help', user);
    expect(reply.cards.length).toBeGreaterThan(0);
    expect(errors).toEqual(['could not record the turn in the audit trail']);
    store = await openStore({ kind: 'sqlite', path: ':memory:' });
  });

  it('clips what was asked and keeps secrets out', () => {
    const entry = turnEntry({
      at: NOW,
      actor: {
        teamsId: '29:x',
        entraId: null,
        userPrincipalName: null,
        displayName: null,
        adAccount: null,
        tenantId: null,
      },
      conversationId: null,
      request: {
        kind: 'card',
        verb: 'fix.request',
        data: { note: 'x'.repeat(5000), password: 'hunter2', list: Array.from({ length: 100 }, (_, i) => i) },
      },
      decision: { allowed: false, reason: 'no role' },
      outcome: { status: 'answered', summary: 'Bearer abc.def' },
    });
    const text = JSON.stringify(entry.details);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('Bearer abc');
    expect(text.length).toBeLessThan(1500);
    expect(entry.actor).toEqual({ id: '29:x', name: '29:x' });
  });
});
