import fc from 'fast-check';
import { Client } from 'ldapts';
import type { Filter } from 'ldapts';
import { loadConfig } from '../../src/config/load-config';
import { startBot } from '../../src/main';
import type { RunningBot } from '../../src/main';
import { personalMessage, postActivity } from '../support/bot-harness';
import { texts } from '../support/card-inspect';
import { startConnectorServer } from '../support/connector-server';
import type { ConnectorServer } from '../support/connector-server';
import { filterShape, hasBinaryValue, stringShape, wireShape } from '../support/filter-shape';
import { testLogger } from '../support/test-logger';
import { reportFigure } from '../support/test-output.cjs';
import { FIXTURE_NAMES, INJECTIONS, nearMiss } from '../commands/hostile-arbitraries';

/*
 * Hostile names through the real LdapDirectory against the Samba DC, over HTTP: every filter that
 * goes to the wire (ldapts Client.search and searchPaginated, spied) is a Filter object whose tree
 * survives BER encoding and its escaped string form unchanged, and no answer names an account or a
 * computer that the typed name does not contain (an injection such as `*)(|(objectClass=*))`
 * matching everything would).
 */

const RUNS = 500;

let connector: ConnectorServer;
let bot: RunningBot;
const filters: unknown[] = [];

beforeAll(async () => {
  // both ways a filter reaches the wire: whole searches, and the page-by-page reads of many entries
  // (closest names, lists)
  const search = Client.prototype.search;
  jest.spyOn(Client.prototype, 'search').mockImplementation(function (this: Client, ...args) {
    filters.push((args[1] as { filter?: unknown } | undefined)?.filter);
    return search.apply(this, args);
  });
  const searchPaginated = Client.prototype.searchPaginated;
  jest.spyOn(Client.prototype, 'searchPaginated').mockImplementation(function (this: Client, ...args) {
    filters.push((args[1] as { filter?: unknown } | undefined)?.filter);
    return searchPaginated.apply(this, args);
  });
  connector = await startConnectorServer();
  bot = await startBot(loadConfig(process.env), { port: 0, host: '127.0.0.1', logger: testLogger() });
});
afterAll(async () => {
  jest.restoreAllMocks();
  await bot?.stop();
  await connector?.close();
});

async function ask(text: string): Promise<string[]> {
  const before = connector.activities.length;
  const posted = await postActivity(
    bot.messagesUrl,
    personalMessage(text, { serviceUrl: connector.serviceUrl }),
  );
  expect(posted.status).toBeLessThan(300);
  const sent = await connector.waitForActivities(before + 1, 15_000);
  return texts(sent[before]!.body.attachments?.[0]?.content);
}

const name = fc.oneof(
  fc.constantFrom(...FIXTURE_NAMES, ...INJECTIONS),
  nearMiss(fc.constantFrom(...FIXTURE_NAMES)),
  fc
    .tuple(fc.constantFrom(...FIXTURE_NAMES), fc.constantFrom(...INJECTIONS))
    .map(([real, injection]) => real + injection),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);

describe('hostile names against the Samba DC', () => {
  it(`answers ${RUNS} hostile "find sMSAs on <x>" / "show <x>" without matching what <x> does not name`, async () => {
    let found = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('find sMSAs on ', 'show '), name, async (verb, typed) => {
        const [title = ''] = await ask(verb + typed);
        expect(title).not.toBe('Something went wrong; nothing was changed');
        // "SRV01: 2 linked sMSAs" names a computer, an account card is titled with the account
        const named = verb === 'show ' ? title : title.split(':')[0]!;
        const isAnswer =
          !/^(No (computer|service account) named|What I can do|I didn't understand|The directory)/.test(
            title,
          ) &&
          (verb === 'show ' || title.includes(': '));
        if (isAnswer) {
          found++;
          expect(typed.toLowerCase()).toContain(named.toLowerCase());
        }
      }),
      { numRuns: RUNS },
    );
    let checked = 0;
    for (const filter of filters) {
      // only Filter objects go to the wire (a string would be parsed by ldapts: none is built from text)
      expect(typeof filter).toBe('object');
      const built = filterShape(filter as Filter);
      expect(wireShape(filter as Filter)).toEqual(built);
      // binary values (SIDs the directory returned) are bytes, not text: their string form is not UTF-8
      if (!hasBinaryValue(filter as Filter)) expect(stringShape(filter as Filter)).toEqual(built);
      checked++;
    }
    expect(checked).toBeGreaterThan(RUNS);
    reportFigure(
      `hostile names against the Samba DC: ${RUNS} messages over HTTP, ${found} matched a real object by name, ` +
        `${checked.toLocaleString('en-US')} LDAP filters on the wire, all escaped`,
    );
  }, 300_000);
});
