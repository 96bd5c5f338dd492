/**
 * The live set of the big reads, in one process against a DC (the bench DC: BENCH_DC_DIR, else MSA_WARDEN_DC_DIR or
 * /tmp/bench-memory): `list sMSAs` (listServiceAccounts), `audit privileged` (readMembershipFacts),
 * `audit sMSAs` and the digest (readAccountFacts + runAudit). Every LDAP search that returns is
 * followed by a full GC and a reading of the heap and the external memory: what is still reachable
 * then (the raw entries of the search, what the earlier searches left) is the live set at that
 * point; the largest such reading per answer is printed, with the heap's high-water mark between
 * the GCs (live set + garbage). Run with --expose-gc:
 *   node --expose-gc --import tsx bench/live-set.ts
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { runAudit, runPrivilegedAudit } from '../src/audit/run-audit';
import { defaultAuditConfig } from '../src/domain/audit-config';
import { LdapAuditSource } from '../src/directory/ldap-audit-source';
import { parseEnvFile } from '../test/support/dc';
import { benchDirectory } from './bench-directory';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');

const MB = 1024 * 1024;
const mb = (bytes: number): string => `${(bytes / MB).toFixed(1)} MB`;

interface Reading {
  heap: number;
  external: number;
}
const read = (): Reading => {
  const m = process.memoryUsage();
  return { heap: m.heapUsed, external: m.external };
};

let peakLive: Reading & { at: string } = { heap: 0, external: 0, at: '' };
let searches = 0;
/** the heap's high-water mark between GCs (sampled every 2 ms while the event loop turns) */
let peakUsed = 0;
/** the heap's committed memory's high-water mark (what V8 holds from the OS, used or not) */
let peakCommitted = 0;
const sample = (): void => {
  const stats = getHeapStatistics();
  peakUsed = Math.max(peakUsed, stats.used_heap_size);
  peakCommitted = Math.max(peakCommitted, stats.total_physical_size);
};
const sampler = setInterval(sample, 2);

/** LIVE_SET_GC=0: no full GC after each search, so the heap grows as in the bot (the live figures are then heap used, not live) */
const gcEachSearch = process.env.LIVE_SET_GC !== '0';

function checkpoint(at: string): void {
  sample();
  if (gcEachSearch) gc?.();
  const now = read();
  if (now.heap + now.external > peakLive.heap + peakLive.external) peakLive = { ...now, at };
}

/** the process's RSS high-water mark (VmHWM) */
function peakRss(): string {
  const status = readFileSync('/proc/self/status', 'utf8');
  return `${Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024)} MB`;
}

async function measure(name: string, run: () => Promise<unknown>): Promise<void> {
  gc?.();
  const base = read();
  peakLive = { ...base, at: 'start' };
  peakUsed = 0;
  peakCommitted = 0;
  searches = 0;
  const rssBefore = process.memoryUsage().rss;
  // the result stays reachable until the end checkpoint has read it
  const result = await run();
  checkpoint('end (result held)');
  const held = read();
  void result;
  console.log(
    `${name.padEnd(34)} peak live ${mb(peakLive.heap - base.heap)} heap + ${mb(
      peakLive.external - base.external,
    )} external (after ${peakLive.at}); result ${mb(held.heap - base.heap)}; heap high-water ${mb(
      peakUsed,
    )}, committed ${mb(peakCommitted)} (base ${mb(base.heap)}); ${searches} searches; RSS ${mb(
      rssBefore,
    )} → ${mb(process.memoryUsage().rss)}, peak ${peakRss()}`,
  );
}

async function main(): Promise<void> {
  const dir = process.env.BENCH_DC_DIR ?? process.env.MSA_WARDEN_DC_DIR ?? '/tmp/bench-memory';
  const env = parseEnvFile(readFileSync(path.join(dir, 'dc.env'), 'utf8'));
  const directory = benchDirectory(env);
  // every search (the directory's and the audit source's, whole or page by page) passes the
  // directory's private `gated`
  const gatedReader = directory as unknown as {
    gated: (what: string, read: (client: unknown) => Promise<unknown>) => Promise<unknown>;
  };
  const gated = gatedReader.gated.bind(directory);
  gatedReader.gated = async (what, read): Promise<unknown> => {
    const result = await gated(what, read);
    searches += 1;
    const size = Array.isArray(result) ? result.length : 0;
    checkpoint(`search ${searches} (${size} results)`);
    return result;
  };
  const source = new LdapAuditSource(directory);
  const ctx = { now: new Date(), config: defaultAuditConfig };
  try {
    await directory.checkReady();
    for (let round = 0; round < Number(process.env.LIVE_SET_ROUNDS ?? 1); round++) {
      await measure('list sMSAs (listServiceAccounts)', () => directory.listServiceAccounts(['sMSA']));
      await measure('audit privileged (membership+run)', async () =>
        runPrivilegedAudit(await source.readMembershipFacts({ kind: 'all' }), ctx),
      );
      await measure('audit sMSAs (facts+runAudit)', async () => {
        const facts = await source.readAccountFacts({ kind: 'all' });
        checkpoint('facts read');
        return { n: facts.length, findings: runAudit(facts, ctx) };
      });
    }
  } finally {
    clearInterval(sampler);
    await directory.close();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
