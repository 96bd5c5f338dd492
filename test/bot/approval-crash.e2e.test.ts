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
import { reportFigure } from '../support/report-figure';

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
/** PostgreSQL, the store of replicas: the full loop; SQLite: every kill point twice */
const CYCLES = { postgres: 20, sqlite: 8 } as const;
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
  // a GUID (ACCESS_APPROVER_IDS takes only GUIDs): the name's hex, unique per test user
  aadObjectId: `aaaaaaaa-0000-4000-8000-${Buffer.from(key).toString('hex').padStart(12, '0').slice(-12)}`,
});
const REQUESTER = user('crashreq');
const APPROVER = user('crashok');

let connector: ConnectorServer;
let admin: AdminDirectory;
let dir: string;
const processes: BotProcess[] = [];
/** run last to first after the tests, pass or fail: the reader's store, then the database */
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  connector = await startConnectorServer();
  admin = await AdminDirectory.open();
  dir = mkdtempSync(path.join(tmpdir(), 'msa-warden-crash-'));
});
afterAll(async () => {
  await Promise.all(processes.map((p) => p.kill()));
  for (const cleanup of cleanups.reverse()) await cleanup();
  await connector.close();
  await admin.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Cycle {
  id: string;
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
  let store: ProcessStore;
  if (kind === 'postgres') {
    const database = await createThrowawayDatabase('msa_warden_crash');
    cleanups.push(database.drop);
    store = { kind, url: database.url };
  } else {
    store = { kind, path: path.join(dir, 'crash.sqlite') };
  }
  const anchorPath = path.join(dir, `${kind}.audit-anchor.json`);
  // the last bot only settles: it logs the steps (the count of writes) without waiting anywhere
  const spawnBot = (step: string | null): BotProcess => {
    const pause = step === null ? 'before-start:0' : `${step}:${PAUSE_MS}`;
    const bot = new BotProcess(
      botProcessEnv({ store, anchorPath, pause, approverIds: [APPROVER.aadObjectId] }),
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
  cleanups.push(() => reader.close());
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
    for (let cycle = 0; cycle < cycles; cycle++) {
      const { step, settled } = STEPS[cycle % STEPS.length]!;
      refill();
      const next = ahead.shift()!;

      await admin.ensureMember(DN);
      const id = await requestRemoval(current.messagesUrl, connector.serviceUrl, REQUESTER, ACCOUNT);
      // the invoke is never answered: the bot dies under it
      const approving = clickCard(current.messagesUrl, connector.serviceUrl, APPROVER, 'approval.approve', {
        approvalId: id,
      }).catch(() => null);
      await current.waitForLog(
        (l) =>
          l.msg === 'test pause: fix step' && l.approvalId === id && l.step === step && l.pausing === true,
      );
      await current.kill();
      await approving;

      // "listening" comes after the start-up settlement
      await next.start();
      current = next;
      const approval: StoredApproval | null = await reader.getApproval(id);
      results.push({
        id,
        step,
        expected: settled,
        state: approval?.state ?? 'missing',
        applies: 0,
        started: 0,
        outcomes: 0,
        member: await admin.isMember(DN),
      });
    }
    await current.kill();
  } finally {
    for (const p of all) await p.kill();
  }
  // counted once every bot is gone: no later bot touched an earlier request again
  const steps = all.flatMap((p) => p.logs).filter((l) => l.msg === 'test pause: fix step');
  for (const r of results) {
    const trail = await auditOf(reader, r.id);
    r.applies = steps.filter((l) => l.approvalId === r.id && l.step === 'before-apply').length;
    r.started = trail.filter((a) => a === 'remediation.started').length;
    r.outcomes = trail.filter((a) =>
      /^(remediation|settled)\.(succeeded|failed|nothing-to-do)$/.test(a),
    ).length;
    expect((await reader.getApproval(r.id))?.state).toBe(r.state);
  }
  expect(results).toHaveLength(cycles);
  await checkLoop(kind, results, (performance.now() - started) / 1000, reader, anchorPath);
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
  reportFigure(
    `crash loops (${kind}): ${results.length}, stuck: ${stuck}, applied twice: ${twice}, ` +
      `${results.filter((r) => r.state === 'succeeded').length} settled succeeded, ` +
      `${results.filter((r) => r.state === 'failed').length} failed, in ${seconds.toFixed(1)} s ` +
      `(${(seconds / Math.max(1, results.length)).toFixed(1)} s a cycle)`,
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
    `on PostgreSQL, ${CYCLES.postgres} cycles through every kill point`,
    () => crashLoop('postgres', CYCLES.postgres),
    600_000,
  );

  it(
    `on SQLite, ${CYCLES.sqlite} cycles, every kill point twice`,
    () => crashLoop('sqlite', CYCLES.sqlite),
    600_000,
  );
});
