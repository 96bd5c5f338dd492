import type { Env } from '../../src/config/load-config';
import type { RunningBot } from '../../src/main';
import {
  cardText,
  conversationOf,
  numberedUser,
  personalMessage,
  postActivity,
  until,
  type HarnessUser,
} from '../support/bot-harness';
import { startBotOverHttp, stopBotOverHttp } from '../support/bot-over-http';
import type { ConnectorServer, RecordedActivity } from '../support/connector-server';

/**
 * Full audits over the turns, against the Samba DC through the bot: the same audit asked by several
 * people at once is one read of the directory (the audits' LDAP lane counts its searches), full
 * audits beyond AUDIT_MAX_CONCURRENT wait in line and are answered in order, one past the line is
 * answered "busy" at once, and a lookup asked meanwhile is answered before them. The audits are held
 * by holding the audits' LDAP lane, so everything here is occupancy and order, not milliseconds.
 */
const person = (i: number): HarnessUser => numberedUser('Flight', '0012', i);

/** The audits' LDAP lane held (its one slot taken) until `letGo`: an audit started now waits in it. */
function holdAuditLane(bot: RunningBot): { letGo: () => void; released: Promise<void> } {
  let letGo = (): void => undefined;
  const released = bot.auditGate.run(
    () =>
      new Promise<void>((resolve) => {
        letGo = resolve;
      }),
  );
  return { letGo: () => letGo(), released };
}

/** The run id a summary card's buttons page through. */
const runIdOf = (activity: RecordedActivity): string | undefined =>
  /"run":"([A-Za-z0-9_-]+)"/.exec(cardText(activity))?.[1];

/** One full audit at a time with `queued` more waiting in line, on one LDAP audit slot; no rate limit. */
const oneFullAudit = (queued: string): Env => ({
  ...process.env,
  LDAP_AUDIT_MAX_CONCURRENT: '1',
  AUDIT_MAX_CONCURRENT: '1',
  AUDIT_MAX_QUEUED: queued,
  RATE_LIMIT_PER_MINUTE: '0',
});

describe('full audits at once against the Samba DC', () => {
  let connector: ConnectorServer;
  let bot: RunningBot;
  const send = (user: HarnessUser, text: string): Promise<unknown> =>
    postActivity(bot.messagesUrl, personalMessage(text, { serviceUrl: connector.serviceUrl, user }));
  const answersTo = (user: HarnessUser): RecordedActivity[] =>
    connector.activities.filter((a) => a.conversationId === conversationOf(user));

  beforeAll(async () => {
    ({ connector, bot } = await startBotOverHttp(oneFullAudit('1')));
  });
  afterAll(() => stopBotOverHttp({ connector, bot }));

  it('reads the directory once for five people asking "audit sMSAs" at once; each gets a card and an audit-trail entry', async () => {
    // one audit alone first (it also connects both lanes): its searches are one read's worth
    await send(person(0), 'audit sMSAs');
    await connector.waitForActivities(1, 30_000);
    connector.clear();
    bot.auditGate.resetStats();
    await send(person(0), 'audit sMSAs');
    const [alone] = await connector.waitForActivities(1, 30_000);
    const searchesOfOneRead = bot.auditGate.stats().started;
    expect(searchesOfOneRead).toBeGreaterThan(0);
    expect(cardText(alone!)).toMatch(/critical/i);

    connector.clear();
    const hold = holdAuditLane(bot);
    bot.auditGate.resetStats();
    bot.fullAuditGate.resetStats();
    const askers = [1, 2, 3, 4, 5].map(person);
    const asked = Promise.all(askers.map((u) => send(u, 'audit sMSAs')));
    // the first took the one full-audit slot and waits in the LDAP lane; the others joined it
    await until(() => bot.auditGate.stats().queued === 1, 'the audit to wait for the LDAP lane');
    await new Promise((resolve) => setTimeout(resolve, 300)); // time for a second run to queue, if one did
    expect(bot.fullAuditGate.stats()).toMatchObject({ active: 1, queued: 0 });
    expect(bot.auditGate.stats().queued).toBe(1);

    hold.letGo();
    await hold.released;
    await asked;
    const replies = await connector.waitForActivities(5, 30_000);
    // one read of the directory for five askers (the hold was counted before the reset)
    expect(bot.auditGate.stats().started).toBe(searchesOfOneRead);
    expect(bot.fullAuditGate.stats().started).toBe(1);
    for (const u of askers) {
      const [reply] = answersTo(u);
      expect(reply).toBeDefined();
      expect(cardText(reply!)).toMatch(/critical/i);
      expect(cardText(reply!)).not.toMatch(/busy/i);
    }
    // the same run: every card's buttons page through it without reading again
    const runs = new Set(replies.map(runIdOf));
    expect(runs.size).toBe(1);
    expect([...runs][0]).toMatch(/^[A-Za-z0-9_-]{8,}$/);
    // each asker's turn is on the record, under their own name
    const entries = await bot.auditTrail.latest(20);
    for (const u of askers)
      expect(entries.some((e) => e.actor.id === u.aadObjectId && /audit/i.test(JSON.stringify(e)))).toBe(
        true,
      );
  }, 120_000);

  it('lets a second full audit wait for the slot and answers it after the first; a lookup meanwhile is answered at once', async () => {
    connector.clear();
    bot.fullAuditGate.resetStats();
    const hold = holdAuditLane(bot);
    const [first, second, third, finder] = [person(6), person(7), person(8), person(9)];
    const asked = [send(first, 'audit sMSAs')];
    await until(() => bot.fullAuditGate.stats().active === 1, 'the first audit to take the slot');
    asked.push(send(second, 'audit privileged sMSAs'));
    await until(() => bot.fullAuditGate.stats().queued === 1, 'the second audit to wait in line');

    // the same audit as the one waiting joins it: no third run, no place in the line taken
    asked.push(send(third, 'audit privileged sMSAs'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(bot.fullAuditGate.stats()).toMatchObject({ active: 1, queued: 1, refusedQueueFull: 0 });

    // a lookup asked now is answered while both audits are still unanswered
    await send(finder, 'find sMSAs on SRV01');
    await until(() => answersTo(finder).length === 1, 'the lookup answer');
    expect(cardText(answersTo(finder)[0]!)).toMatch(/svc_sql01/);
    expect(answersTo(first)).toHaveLength(0);
    expect(answersTo(second)).toHaveLength(0);
    expect(answersTo(third)).toHaveLength(0);

    hold.letGo();
    await hold.released;
    await Promise.all(asked);
    await until(
      () => [first, second, third].every((u) => answersTo(u).length === 1),
      'the three audit answers',
    );
    const order = connector.activities.map((a) => a.conversationId);
    // answered in the order asked: the first audit's card before the second's
    expect(order.indexOf(conversationOf(first))).toBeLessThan(order.indexOf(conversationOf(second)));
    expect(cardText(answersTo(first)[0]!)).toMatch(/Audit of all managed service accounts/);
    expect(cardText(answersTo(second)[0]!)).toMatch(/Privileged managed service accounts/);
    expect(cardText(answersTo(third)[0]!)).toMatch(/Privileged managed service accounts/);
    expect(bot.fullAuditGate.stats()).toMatchObject({ started: 2, peakActive: 1, refusedQueueFull: 0 });
  }, 120_000);
});

describe('a full audit past the line against the Samba DC', () => {
  let connector: ConnectorServer;
  let bot: RunningBot;

  beforeAll(async () => {
    ({ connector, bot } = await startBotOverHttp(oneFullAudit('0')));
  });
  afterAll(() => stopBotOverHttp({ connector, bot }));

  it('answers "busy, try again" at once, never a hang, and runs nothing for it', async () => {
    const send = (user: HarnessUser, text: string): Promise<unknown> =>
      postActivity(bot.messagesUrl, personalMessage(text, { serviceUrl: connector.serviceUrl, user }));
    const answersTo = (user: HarnessUser): RecordedActivity[] =>
      connector.activities.filter((a) => a.conversationId === conversationOf(user));
    const hold = holdAuditLane(bot);
    const [first, second] = [person(10), person(11)];
    const asked = send(first, 'audit sMSAs');
    await until(() => bot.fullAuditGate.stats().active === 1, 'the first audit to take the slot');
    await send(second, 'audit privileged sMSAs');
    // answered while the first audit still holds its slot
    await until(() => answersTo(second).length === 1, 'the busy answer');
    const busy = cardText(answersTo(second)[0]!);
    expect(busy).toMatch(/Other full audits are running; try again in a minute/);
    expect(busy).toMatch(/1 full audit run at once/);
    expect(busy).toMatch(/the line was full/);
    expect(answersTo(first)).toHaveLength(0);
    expect(bot.fullAuditGate.stats()).toMatchObject({ started: 1, refusedQueueFull: 1 });

    hold.letGo();
    await hold.released;
    await asked;
    await until(() => answersTo(first).length === 1, 'the first audit answer');
    expect(cardText(answersTo(first)[0]!)).toMatch(/Audit of all managed service accounts/);
  }, 120_000);
});
