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
import type { ConnectorServer } from '../support/connector-server';

/**
 * Lookups and audits reach the Samba DC through two lanes (two connections, two gates). With every
 * audit slot held and an audit waiting for one, `find` and `show` are still answered in full from
 * the directory, and the waiting audit answers only after the slot is let go: occupancy and order,
 * not milliseconds.
 */
const person = (i: number): HarnessUser => numberedUser('Lane', '0003', i);

describe('lookups beside audits against the Samba DC', () => {
  let connector: ConnectorServer;
  let bot: RunningBot;

  beforeAll(async () => {
    ({ connector, bot } = await startBotOverHttp({
      ...process.env,
      LDAP_MAX_CONCURRENT: '2',
      LDAP_AUDIT_MAX_CONCURRENT: '1',
    }));
  });
  afterAll(() => stopBotOverHttp({ connector, bot }));

  it('answers find and show while every audit slot is held and an audit waits for one', async () => {
    const send = (user: HarnessUser, text: string): Promise<unknown> =>
      postActivity(bot.messagesUrl, personalMessage(text, { serviceUrl: connector.serviceUrl, user }));
    await send(person(0), 'find sMSAs on SRV01'); // connect and bind the lookups' lane first
    await connector.waitForActivities(1);
    connector.clear();

    // the audit lane's one slot is taken until we let go
    let letGo = (): void => undefined;
    const held = bot.auditGate.run(
      () =>
        new Promise<void>((resolve) => {
          letGo = resolve;
        }),
    );
    expect(bot.auditGate.stats()).toMatchObject({ active: 1, queued: 0 });

    const auditor = person(1);
    const audit = send(auditor, 'audit sMSAs');
    await until(() => bot.auditGate.stats().queued > 0, 'the audit to wait for the audit lane');

    const [finder, shower] = [person(2), person(3)];
    // not awaited: a lookup stuck behind the audit lane fails here within 10 s, not at the test's timeout
    const asked = Promise.all([send(finder, 'find sMSAs on SRV01'), send(shower, 'show svc_sql01')]);
    const lookups = await connector.waitForActivities(2, 10_000);
    await asked;
    const answerTo = (user: HarnessUser): string =>
      cardText(lookups.find((a) => a.conversationId === conversationOf(user))!);
    expect(answerTo(finder)).toMatch(/svc_sql01/);
    expect(answerTo(finder)).toMatch(/svc_web01/);
    // show reads the account's audit facts (groups, descriptors) down the lookups' lane too
    expect(answerTo(shower)).toMatch(/Findings: /);
    expect(answerTo(shower)).not.toMatch(/could not be read|busy/i);
    // the audit lane is exactly as it was: held, the audit still waiting, nothing answered to it
    expect(bot.auditGate.stats()).toMatchObject({ active: 1 });
    expect(bot.auditGate.stats().queued).toBeGreaterThan(0);
    expect(connector.activities.map((a) => a.conversationId)).not.toContain(conversationOf(auditor));

    letGo();
    await held;
    await audit;
    await until(
      () => connector.activities.some((a) => a.conversationId === conversationOf(auditor)),
      'the audit answer',
    );
    const order = connector.activities.map((a) => a.conversationId);
    expect(order.indexOf(conversationOf(auditor))).toBeGreaterThan(
      Math.max(order.indexOf(conversationOf(finder)), order.indexOf(conversationOf(shower))),
    );
    const auditAnswer = connector.activities.find((a) => a.conversationId === conversationOf(auditor))!;
    expect(cardText(auditAnswer)).not.toMatch(/busy/i);
    expect(cardText(auditAnswer)).toMatch(/svc_da|critical/i);
    expect(bot.auditGate.stats()).toMatchObject({ active: 0, queued: 0 });
  }, 60_000);

  it('lists every account down the audits lane, not the lookups lane', async () => {
    connector.clear();
    bot.directoryGate.resetStats();
    bot.auditGate.resetStats();
    await postActivity(
      bot.messagesUrl,
      personalMessage('list sMSAs', { serviceUrl: connector.serviceUrl, user: person(4) }),
    );
    const [reply] = await connector.waitForActivities(1);
    expect(cardText(reply!)).toMatch(/svc_sql01/);
    expect(bot.auditGate.stats().started).toBeGreaterThan(0);
    expect(bot.directoryGate.stats().started).toBe(0);
  }, 30_000);
});
