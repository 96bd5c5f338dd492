/**
 * `npm run bench`: figures for the audit's chat side, printed, never asserted (timing is machine-bound).
 * runAudit over 10,000 synthetic accounts; parseCommand throughput; rendering a full audit page; the
 * largest page in bytes against the Teams budget.
 */
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { defaultAuditConfig } from '../src/domain/audit-config';
import { runAudit } from '../src/audit/run-audit';
import { MAX_CARD_BYTES, cardBytes } from '../src/cards/card-bytes';
import { renderCard } from '../src/cards/render';
import { renderPage } from '../src/cards/render-answer';
import { type AuditReport, auditPage } from '../src/commands/views/audit-page';

/** One page of the audit, fitted to the Teams budget and rendered, like the bot sends it. */
function renderedAuditPage(offset: number): { card: object; shown: number; nextOffset: number | null } {
  const { card, count } = renderPage(auditPage(auditReport, offset));
  const next = offset + count;
  return { card, shown: count, nextOffset: next < auditReport.findings.length ? next : null };
}
import { parseCommand } from '../src/commands/parse/parse-command';
import { syntheticFacts } from '../test/support/synthetic-facts';
import { existsSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { startNodeFlags } from './start-node-flags';
import { dcDir, startTestDirectory } from '../test/support/dc';
import { benchDirectory } from './directory';
import { benchScale } from './scale';
import { benchDcDir } from './seed/bench-dc-dir';

const ACCOUNTS = 10_000;
const now = new Date('2025-06-01T12:00:00Z');
const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);
const report = (name: string, value: string): void => {
  console.log(`${name.padEnd(46)} ${value}`);
};

function time<T>(run: () => T): { result: T; ms: number } {
  const start = performance.now();
  const result = run();
  return { result, ms: performance.now() - start };
}

// heap figures after a full collection, so they measure what is kept rather than when GC last ran
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapUsed = (): number => {
  gc();
  return process.memoryUsage().heapUsed;
};

// --- runAudit --------------------------------------------------------------------------------------
const heapBefore = heapUsed();
const facts = syntheticFacts(ACCOUNTS, now);
const heapFacts = heapUsed();
runAudit(facts.slice(0, 200), { now, config: defaultAuditConfig }); // warm-up
const audit = time(() => runAudit(facts, { now, config: defaultAuditConfig }));
const heapAudit = heapUsed();
const findings = audit.result;
report(`runAudit, ${ACCOUNTS.toLocaleString('en-US')} accounts`, `${audit.ms.toFixed(0)} ms`);
report('  findings', findings.length.toLocaleString('en-US'));
report('  heap used by the facts', `${mb(heapFacts - heapBefore)} MB`);
report('  heap used by the findings', `${mb(heapAudit - heapFacts)} MB`);
report('  heap used in all', `${mb(heapAudit)} MB`);

// --- parseCommand ----------------------------------------------------------------------------------
const phrases = [
  'find sMSAs on SRV01',
  'which service accounts run on srv01.corp.example.test?',
  'list gMSAs',
  'show svc_sql01',
  'audit privileged sMSAs',
  'audti smsas please',
  'audit SRV01',
  'migration candidates on SRV02',
  'test svc_sql01 on SRV01',
  'make me a sandwich',
];
for (let i = 0; i < 2000; i++) parseCommand(phrases[i % phrases.length]!); // warm-up
let parsed = 0;
const parseStart = performance.now();
while (performance.now() - parseStart < 1000) {
  for (const phrase of phrases) parseCommand(phrase);
  parsed += phrases.length;
}
const parseMs = performance.now() - parseStart;
report('parseCommand', `${Math.round((parsed / parseMs) * 1000).toLocaleString('en-US')} per second`);

// --- rendering audit pages -------------------------------------------------------------------------
const auditReport: AuditReport = {
  title: 'Audit of all managed service accounts',
  subtitle: `${ACCOUNTS.toLocaleString('en-US')} managed service accounts checked with 16 checks`,
  findings,
  emptyMessage: '',
  scope: { scope: 'all' },
  powershell: 'Get-ADServiceAccount -Filter * -Properties *',
};
const firstPage = auditPage(auditReport, 0);
const first = { shown: renderPage(firstPage).count, view: firstPage.page(renderPage(firstPage).count) };
const RUNS = 50;
const render = time(() => {
  for (let i = 0; i < RUNS; i++) renderCard('audit', first.view);
});
report(`renderCard of a full audit page (${first.shown} findings)`, `${(render.ms / RUNS).toFixed(2)} ms`);
const paging = time(() => {
  for (let i = 0; i < RUNS; i++) renderedAuditPage(i * 12);
});
report('auditPage (view + fit to budget + render)', `${(paging.ms / RUNS).toFixed(2)} ms`);

// every page of the first 2,000 findings (the size a big domain's audit reaches), then a sample beyond
let largest = { bytes: 0, offset: 0 };
let pages = 0;
for (let offset: number | null = 0; offset !== null && offset < 2000; pages++) {
  const page = renderedAuditPage(offset);
  const bytes = cardBytes(page.card);
  if (bytes > largest.bytes) largest = { bytes, offset };
  offset = page.nextOffset;
}
for (let offset = 2000; offset < findings.length; offset += Math.ceil(findings.length / 200)) {
  const bytes = cardBytes(renderedAuditPage(offset).card);
  if (bytes > largest.bytes) largest = { bytes, offset };
  pages++;
}
report(
  `largest audit page (${pages} pages measured)`,
  `${largest.bytes.toLocaleString('en-US')} bytes at offset ${largest.offset} (budget ${MAX_CARD_BYTES.toLocaleString('en-US')})`,
);

// --- the real directory and the bot over HTTP ------------------------------------------------------
// --smoke: the scale bench against the tests' DC (started, or provisioned on the first run), a few
// runs (CI keeps it from rotting). Otherwise the seeded scale DC (`npm run bench:seed`) when there is
// one, else the tests' DC as before. --soak N: answers in the soak (10,000 by default, 30 for
// --smoke); --soak-every N: RSS and heap after GC every N answers; --out FILE: where the results go
// (bench/results/<date>.json for the full run, the temp folder for --smoke); --bot-node-flags "…":
// node options for the bot process.
function flag(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at < 0 ? undefined : process.argv[at + 1];
}

function count(name: string, fallback: number): number {
  const text = flag(name) ?? '';
  if (text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`${name} wants a whole number, not "${text}"`);
  return value;
}

async function benchDirectories(): Promise<void> {
  const day = new Date().toISOString().slice(0, 10);
  const soakEvery = flag('--soak-every') === undefined ? {} : { soakSampleEvery: count('--soak-every', 1) };
  // the bot runs with npm start's node options; --bot-node-flags "--max-semi-space-size=8": more
  // node options for the bot process (after npm start's, so they win), to compare settings
  const botNodeFlags = (flag('--bot-node-flags') ?? '').split(' ').filter((f) => f !== '');
  const botArgs = [...startNodeFlags(), ...botNodeFlags, 'dist/src/main.js'];
  if (process.argv.includes('--smoke')) {
    await startTestDirectory();
    await benchScale({
      dcDir: dcDir(),
      smoke: true,
      soakAnswers: count('--soak', 30),
      ...soakEvery,
      botArgs,
      resultsFile: flag('--out') ?? path.join(os.tmpdir(), `msa-warden-bench-smoke-${day}.json`),
    });
    return;
  }
  if (existsSync(path.join(benchDcDir(), 'bench-ground-truth.json'))) {
    await benchScale({
      dcDir: benchDcDir(),
      smoke: false,
      soakAnswers: count('--soak', Number(process.env.BENCH_SOAK ?? 10_000)),
      ...soakEvery,
      botArgs,
      resultsFile: flag('--out') ?? path.join(__dirname, 'results', `${day}.json`),
    });
    return;
  }
  report('scale bench', 'skipped: no seeded DC (run `npm run bench:seed` first)');
  await benchDirectory(report);
}

benchDirectories().catch((error: unknown) => {
  console.error('directory benchmarks failed:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
