import { answerFindHost } from '../../../src/commands/answers/find-host';
import { answerShowAccount } from '../../../src/commands/answers/show-account';
import type { AnswerDeps } from '../../../src/commands/answer-deps';
import { LdapAuditSource } from '../../../src/directory/ldap-audit-source';
import type { EntrySearcher } from '../../../src/directory/ldap-audit-source';
import { LdapDirectory } from '../../../src/directory/ldap-directory';
import type { SearchRequest } from '../../../src/directory/paged-search';
import { defaultAuditConfig } from '../../../src/domain/audit-config';
import { ConcurrencyGate } from '../../../src/limits/concurrency-gate';
import { testDirectoryOptions } from '../../support/dc';

/**
 * How many LDAP searches `find` and `show` make against the Samba DC (every search passes the
 * gate, which counts them). The floor is a search or two; each search more is a round trip the user
 * waits for. svc_batch04 sits three groups deep (Scheduled Tasks → Tier0 Service Ops → Administrators).
 */
describe('round trips of the lookups', () => {
  const gate = new ConcurrencyGate({ maxConcurrent: 64, maxQueued: 1000, maxWaitMs: 60_000 });
  const directory = new LdapDirectory(testDirectoryOptions({ gate }));
  const auditSearches: SearchRequest[] = [];
  const searcher: EntrySearcher = {
    baseDn: directory.baseDn,
    searchEntries: (request) => {
      auditSearches.push(request);
      return directory.searchEntries(request);
    },
  };
  const deps = (): AnswerDeps => ({
    directory,
    auditSource: new LdapAuditSource(searcher),
    auditConfig: defaultAuditConfig,
    now: new Date(),
  });
  const searchesOf = async (answer: () => Promise<unknown>): Promise<number> => {
    await answer(); // connect and bind outside the count
    gate.resetStats();
    auditSearches.length = 0;
    await answer();
    return gate.stats().started;
  };

  afterAll(() => directory.close());

  it('find: the computer, then its accounts by DN', async () => {
    expect(await searchesOf(() => answerFindHost('SRV01', 0, deps()))).toBe(2);
  });

  it('show: the account, its facts in one base read, then one search per kind of related object', async () => {
    const answer = await answerShowAccount('svc_batch04', deps());
    const [card] = answer.cards;
    const text = JSON.stringify(card !== undefined && 'page' in card ? card.page(10) : answer);
    // the nested chain is still found, with every group on it
    expect(text).toContain('Scheduled Tasks');
    expect(text).toContain('Tier0 Service Ops');
    expect(text).toMatch(/Administrators/);
    const searches = await searchesOf(() => answerShowAccount('svc_batch04', deps()));
    // the account by name; its base read (tokenGroups among it); hosts, descriptor SIDs, SPN holders
    // and all its groups at once; the descriptor principals' groups
    expect(searches).toBeLessThanOrEqual(7);
    // the account's groups came in one search, not one per nesting level (three here)
    const groupSearches = auditSearches.filter((r) => r.filter.toString().includes('(objectClass=group)'));
    expect(groupSearches.length).toBeLessThanOrEqual(2);
    const tokenRead = auditSearches.find((r) => r.scope === 'base');
    expect(tokenRead?.attributes).toContain('tokenGroups');
  });

  it('show reads the hosts once: the audit facts carry them', async () => {
    await searchesOf(() => answerShowAccount('svc_sql01', deps()));
    const started = gate.stats().started;
    const computerReads = auditSearches.filter((r) =>
      r.filter.toString().includes('objectCategory=computer'),
    );
    expect(computerReads).toHaveLength(1);
    // and nothing besides the audit source read computers: the directory made one search (the account)
    expect(started - auditSearches.length).toBe(1);
  });
});
