import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileAuditAnchor } from '../../src/audit-trail/file-audit-anchor';
import { verifyAuditTrail } from '../../src/audit-trail/verify-audit-trail';
import type { StoredApproval } from '../../src/store/approval-store';
import { AdminDirectory, clickCard, requestRemoval } from '../support/approval-flow';
import type { HarnessUser } from '../support/bot-harness';
import { BotProcess } from '../support/bot-process';
import { botProcessEnv, TEST_AUDIT_HMAC_KEY } from '../support/bot-process-env';
import type { ProcessStore } from '../support/bot-process-env';
import { openTestStore } from '../support/combined-store';
import type { TestStore } from '../support/combined-store';
import { startConnectorServer } from '../support/connector-server';
import type { ConnectorServer } from '../support/connector-server';
import { fixTargetDn } from '../support/fix-targets';
import { createThrowawayDatabase } from '../support/throwaway-database';
import type { ThrowawayDatabase } from '../support/throwaway-database';

/**
 * kill -9 while a fix runs, with the real bot as a separate process (src/main.ts, configured by
 * environment), a real store file or database, and the Samba DC: a test-only hook
 * (MSA_WARDEN_TEST_PAUSE, NODE_ENV=test) holds the fix at one step, the test kills the process
 * there, and the next bot settles the request at start-up from what AD holds — succeeded when the
 * change is there, failed otherwise, never left running and never applied twice. Looped with the
 * kill point moving through every step. The next bot is always loaded while the current one runs.
 */

const ACCOUNT = 'fix_crash';
const DN = fixTargetDn(ACCOUNT);
const CYCLES = Number(process.env.CRASH_CYCLES ?? 20);
const trace = (m: string) =>
  void (process.env.CRASH_TRACE && process.stderr.write(`${new Date().toISOString()} ${m}\n`));
/** the kill points, in turn; what the restarted bot must find */
const STEPS = [
  // the change ran, the request is executing: settled succeeded from AD
  { step: 'after-apply', settled: 'succeeded' },
  // executing, nothing written yet: settled failed (the change is not in AD), never applied late
  { step: 'before-apply', settled: 'failed' },
  // written and read back, the outcome not recorded ("during verify"): settled succeeded
  { step: 'after-verify', settled: 'succeeded' },
  // approved, not started: the restarted bot carries it out, once
  { step: 'before-start', settled: 'succeeded' },
] as const;
const PAUSE_MS = 600_000;
/** bots loading ahead of the one in use */
const AHEAD = 3;

const user = (key: string): HarnessUser => ({
  id: `29:1${key}`,
  name: key,
  aadObjectId: `aaaaaaaa-0000-4000-8000-${key.padStart(12, '0').slice(-12)}`,
});
const REQUESTER = user('crashreq');
const APPROVER = user('crashok');

let connector: ConnectorServer;
let admin: AdminDirectory;
let dir: string;
const processes: BotProcess[] = [];

beforeAll(async () => {
  connector = await startConnectorServer();
  admin = await AdminDirectory.open();
  dir = mkdtempSync(path.join(tmpdir(), 'msa-warden-crash-'));
});
afterAll(async () => {
  await Promise.all(processes.map((p) => p.kill()));
  await connector.close();
  await admin.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Cycle {
  step: string;
  expected: string;
  state: string;
  /** the fix's write attempts (its before-apply steps, in every bot's log) */
  applies: number;
  started: number;
  outcomes: number;
  member: boolean;
}

async function auditOf(store: TestStore, approvalId: string): Promise<string[]> {
  const entries = await store.listAudit({ limit: 10_000, order: 'asc' });
  return entries.filter((e) => e.subject === approvalId).map((e) => e.action);
}

async function crashLoop(kind: 'sqlite' | 'postgres', cycles: number): Promise<void> {
  let database: ThrowawayDatabase | null = null;
  let store: ProcessStore;
  if (kind === 'postgres') {
    database = await createThrowawayDatabase('msa_warden_crash');
    store = { kind, url: database.url };
  } else {
    store = { kind, path: path.join(dir, 'crash.sqlite') };
  }
  const anchorPath = path.join(dir, `${kind}.audit-anchor.json`);
  const spawnBot = (step: string | null): BotProcess => {
    const bot = new BotProcess(
      botProcessEnv({ store, anchorPath, ...(step === null ? {} : { pause: `${step}:${PAUSE_MS}` }) }),
    );
    processes.push(bot);
    return bot;
  };
  const all: BotProcess[] = [];
  const results: Cycle[] = [];
  // the test's own view of the store (it creates the tables the bots then find)
  const reader = await openTestStore(
    store.kind === 'sqlite' ? { kind: 'sqlite', path: store.path } : { kind: 'postgres', url: store.url },
  );
  const started = performance.now();
  try {
    // bots load ahead (a start is slow on a busy machine): bot k+1 pauses at the kill point of cycle k+1
    const stepOf = (bot: number): string | null => (bot < cycles ? STEPS[bot % STEPS.length]!.step : null);
    const ahead: BotProcess[] = [];
    const refill = (): void => {
      while (ahead.length < AHEAD && all.length <= cycles) {
        const bot = spawnBot(stepOf(all.length));
        all.push(bot);
        ahead.push(bot);
      }
    };
    refill();
    let current = ahead.shift()!;
    await current.start();
    trace('first started');
    for (let cycle = 0; cycle < cycles; cycle++) {
      const { step, settled } = STEPS[cycle % STEPS.length]!;
      refill();
      const next = ahead.shift()!;

      trace(`cycle ${cycle} ${step}`);
      await admin.ensureMember(DN);
      trace('member');
      const id = await requestRemoval(current.messagesUrl, connector.serviceUrl, REQUESTER, ACCOUNT);
      trace(`requested ${id}`);
      // the invoke is never answered: the bot dies under it
      const approving = clickCard(current.messagesUrl, connector.serviceUrl, APPROVER, 'approval.approve', {
        approvalId: id,
      }).catch(() => null);
      await current.waitForLog(
        (l) =>
          l.msg === 'test pause: fix step' && l.approvalId === id && l.step === step && l.pausing === true,
      );
      trace('paused');
      await current.kill();
      await approving;
      trace('killed');

      // "listening" comes after the start-up settlement
      await next.start();
      trace('next started');
      current = next;
      const approval: StoredApproval | null = await reader.getApproval(id);
      const trail = await auditOf(reader, id);
      results.push({
        step,
        expected: settled,
        state: approval?.state ?? 'missing',
        applies: all
          .flatMap((p) => p.logs)
          .filter((l) => l.msg === 'test pause: fix step' && l.approvalId === id && l.step === 'before-apply')
          .length,
        started: trail.filter((a) => a === 'remediation.started').length,
        outcomes: trail.filter((a) => /^(remediation|settled)\.(succeeded|failed|nothing-to-do)$/.test(a))
          .length,
        member: await admin.isMember(DN),
      });
    }
    await current.kill();
  } finally {
    for (const p of all) await p.kill();
  }
  expect(results).toHaveLength(cycles);
  try {
    await checkLoop(kind, results, (performance.now() - started) / 1000, reader, anchorPath);
  } finally {
    await reader.close();
    await database?.drop();
  }
}

async function checkLoop(
  kind: string,
  results: Cycle[],
  seconds: number,
  reader: TestStore,
  anchorPath: string,
): Promise<void> {
  const stuck = results.filter((r) => r.state !== 'succeeded' && r.state !== 'failed').length;
  const twice = results.filter((r) => r.applies > 1 || r.started > 1 || r.outcomes > 1).length;
  process.stdout.write(
    `crash loops (${kind}): ${results.length}, stuck: ${stuck}, applied twice: ${twice}, ` +
      `${results.filter((r) => r.state === 'succeeded').length} settled succeeded, ` +
      `${results.filter((r) => r.state === 'failed').length} failed, in ${seconds.toFixed(1)} s ` +
      `(${(seconds / Math.max(1, results.length)).toFixed(1)} s a cycle)\n`,
  );

  for (const r of results) {
    expect({ step: r.step, state: r.state }).toEqual({ step: r.step, state: r.expected });
    // exactly one start, one outcome, at most one write; AD agrees with the outcome
    expect({ step: r.step, started: r.started, outcomes: r.outcomes }).toEqual({
      step: r.step,
      started: 1,
      outcomes: 1,
    });
    expect({ step: r.step, applies: r.applies }).toEqual({ step: r.step, applies: 1 });
    expect({ step: r.step, member: r.member }).toEqual({ step: r.step, member: r.state !== 'succeeded' });
  }
  expect(stuck).toBe(0);
  expect(twice).toBe(0);

  // 20 kill -9s later the trail is still one unbroken keyed chain up to its anchored head
  const verdict = await verifyAuditTrail(
    reader,
    Buffer.from(TEST_AUDIT_HMAC_KEY, 'utf8'),
    await new FileAuditAnchor(anchorPath).read(),
  );
  expect(verdict).toMatchObject({ ok: true });
}

describe('kill -9 while a fix runs, restart: settled from AD, never stuck, never twice', () => {
  it(
    `on PostgreSQL, ${CYCLES} cycles through every kill point`,
    () => crashLoop('postgres', CYCLES),
    600_000,
  );

  it(`on SQLite, ${CYCLES} cycles through every kill point`, () => crashLoop('sqlite', CYCLES), 600_000);
});
