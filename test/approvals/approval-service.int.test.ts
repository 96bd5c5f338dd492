import { randomBytes } from 'node:crypto';
import { Attribute, Change, Client } from 'ldapts';
import { Client as PgClient } from 'pg';
import { ApprovalService } from '../../src/approvals/approval-service';
import type { ApprovalActorInput, ApprovalRecords } from '../../src/approvals/approval-service';
import type { ApprovalAction } from '../../src/approvals/approval-action';
import { LdapDirectoryWriter } from '../../src/directory/ldap-directory-writer';
import type { DirectoryChange, DirectoryWriter } from '../../src/domain/directory-writer';
import { openStore } from '../../src/store/open-store';
import type { StoredApproval } from '../../src/store/approval-store';
import { combinedStore } from '../support/combined-store';
import type { ApprovalTestStore as Store } from '../support/combined-store';
import { FIX_GROUP_DN, fixTargetDn, requiredEnv, testCaPem } from '../support/fix-targets';

/**
 * The approval flow against the Samba DC, at the service level: request → approve → the directory
 * really changed → undo request → approve → it is back. Each test owns one account of
 * test/fixtures/directory/70-fix-targets.ldif and resets it as Administrator first, so tests do not
 * interfere and re-runs on a reused DC work.
 */

const env = requiredEnv;
const dnOf = fixTargetDn;
const FIX_GROUP = FIX_GROUP_DN;
const LOCKED_GROUP = dnOf('Fix Locked Group');
const CA = testCaPem();

const person = (id: string) => ({ aadObjectId: id, name: id, upn: `${id}@corp.example.test` });
const reader: ApprovalActorInput = { person: person('megan'), roles: ['reader'] };
const approver: ApprovalActorInput = { person: person('alex'), roles: ['reader', 'approver'] };

/** Times every write the service sends, so the run prints what a modify costs. */
class TimedWriter implements DirectoryWriter {
  readonly writes: DirectoryChange[] = [];
  constructor(
    private readonly inner: DirectoryWriter,
    private readonly timings: number[],
  ) {}
  readAccount(dn: string) {
    return this.inner.readAccount(dn);
  }
  async write(change: DirectoryChange): Promise<void> {
    const started = performance.now();
    try {
      await this.inner.write(change);
      this.writes.push(change);
    } finally {
      this.timings.push(performance.now() - started);
    }
  }
  close() {
    return this.inner.close();
  }
}

const modifyMs: number[] = [];
const fixer = (bindDn = env('LDAP_FIX_BIND_DN'), bindPassword = env('LDAP_FIX_BIND_PASSWORD')) =>
  new TimedWriter(
    new LdapDirectoryWriter({
      urls: env('LDAP_URL').split(','),
      bindDn,
      bindPassword,
      caCertPem: CA,
      startTls: false,
      timeoutMs: 10_000,
      connectTimeoutMs: 5000,
    }),
    modifyMs,
  );

let admin: Client;
let store: Store;
let writer: TimedWriter;
const writers: DirectoryWriter[] = [];

async function adminModify(
  dn: string,
  operation: 'add' | 'delete' | 'replace',
  type: string,
  values: string[],
) {
  await admin.modify(dn, [new Change({ operation, modification: new Attribute({ type, values }) })]);
}
async function adminRead(dn: string, attribute: string): Promise<string[]> {
  const { searchEntries } = await admin.search(dn, { scope: 'base', attributes: [attribute] });
  const value = searchEntries[0]?.[attribute];
  return value === undefined ? [] : (Array.isArray(value) ? value : [value]).map(String);
}
/** Puts `memberDn` into (or out of) a group whatever its state. */
async function ensureMember(groupDn: string, memberDn: string, member: boolean) {
  const has = (await adminRead(groupDn, 'member')).some((m) => m.toLowerCase() === memberDn.toLowerCase());
  if (has !== member) await adminModify(groupDn, member ? 'add' : 'delete', 'member', [memberDn]);
}

function service(options: { store?: ApprovalRecords; writer?: DirectoryWriter | null } = {}) {
  return new ApprovalService({
    store: options.store ?? store,
    writer: options.writer === undefined ? writer : options.writer,
    policy: { approvalsRequired: 1, ttlMs: 86_400_000 },
  });
}

async function requestAndApprove(
  svc: ApprovalService,
  name: string,
  action: ApprovalAction,
): Promise<StoredApproval> {
  const requested = await svc.request({
    actor: reader,
    account: { distinguishedName: dnOf(name), sid: `sid-of-${name}`, name },
    action,
    justification: `integration test: ${action.kind}`,
  });
  if (!requested.ok) throw new Error(`request refused: ${requested.refusal}`);
  return approveAndRun(svc, requested.approval.id);
}

async function approveAndRun(svc: ApprovalService, id: string): Promise<StoredApproval> {
  const approved = await svc.approve(id, approver);
  if (!approved.ok || approved.execution === null)
    throw new Error(`approve refused: ${JSON.stringify(approved)}`);
  return approved.execution;
}

async function undo(svc: ApprovalService, done: StoredApproval): Promise<StoredApproval> {
  const requested = await svc.requestUndo(done.id, reader, 'integration test: put it back');
  if (!requested.ok) throw new Error(`undo refused: ${requested.refusal}`);
  return approveAndRun(svc, requested.approval.id);
}

beforeAll(async () => {
  admin = new Client({ url: env('LDAP_URL').split(',')[0]!, tlsOptions: { ca: [CA] }, timeout: 10_000 });
  await admin.bind(env('LDAP_ADMIN_BIND_DN'), env('LDAP_ADMIN_BIND_PASSWORD'));
});
beforeEach(async () => {
  store = combinedStore(await openStore({ kind: 'sqlite', path: ':memory:' }));
  writer = fixer();
  writers.push(writer);
});
afterEach(() => store.close());
afterAll(async () => {
  await Promise.all(writers.map((w) => w.close()));
  await admin.unbind();
  const sorted = [...modifyMs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]?.toFixed(1);
  console.log(
    `approval modify over LDAPS as the fixer: ${sorted.length} writes, median ${at(0.5)} ms, p90 ${at(0.9)} ms, max ${at(1)} ms`,
  );
});

describe('approvals against Samba', () => {
  it('removes the account from the group that holds it directly, and the undo puts it back', async () => {
    const dn = dnOf('fix_member');
    await ensureMember(FIX_GROUP, dn, true);
    const svc = service();
    const done = await requestAndApprove(svc, 'fix_member', {
      kind: 'remove-from-group',
      groupDn: FIX_GROUP,
      groupName: 'Fix Tier0 Ops',
    });
    expect(done).toMatchObject({ state: 'succeeded', result: { undo: { kind: 'add-to-group' } } });
    expect(await adminRead(FIX_GROUP, 'member')).not.toContain(dn);
    expect(await adminRead(dn, 'memberOf')).toEqual([]);

    expect((await undo(svc, done)).state).toBe('succeeded');
    expect(await adminRead(FIX_GROUP, 'member')).toContain(dn);
    expect(writer.writes.map((w) => w.kind)).toEqual(['remove-values', 'add-values']);
  });

  it('disables the account keeping every other flag, and enables it again', async () => {
    const dn = dnOf('fix_disable');
    await adminModify(dn, 'replace', 'userAccountControl', ['4096']);
    const svc = service();
    const done = await requestAndApprove(svc, 'fix_disable', { kind: 'disable-account' });
    expect(done).toMatchObject({ state: 'succeeded', result: { before: { userAccountControl: 4096 } } });
    expect(await adminRead(dn, 'userAccountControl')).toEqual(['4098']);
    expect((await undo(svc, done)).state).toBe('succeeded');
    expect(await adminRead(dn, 'userAccountControl')).toEqual(['4096']);
  });

  it('sets AES-only encryption types by compare-and-swap, and puts RC4 + AES back', async () => {
    const dn = dnOf('fix_aes');
    await adminModify(dn, 'replace', 'msDS-SupportedEncryptionTypes', ['28']);
    const svc = service();
    const done = await requestAndApprove(svc, 'fix_aes', { kind: 'set-aes-only' });
    expect(done.state).toBe('succeeded');
    expect(await adminRead(dn, 'msDS-SupportedEncryptionTypes')).toEqual(['24']);
    expect((await undo(svc, done)).state).toBe('succeeded');
    expect(await adminRead(dn, 'msDS-SupportedEncryptionTypes')).toEqual(['28']);
  });

  it('clears unconstrained delegation with SeEnableDelegationPrivilege, and restores it', async () => {
    const dn = dnOf('fix_unc');
    await adminModify(dn, 'replace', 'userAccountControl', ['528384']);
    const svc = service();
    const done = await requestAndApprove(svc, 'fix_unc', { kind: 'clear-unconstrained-delegation' });
    expect([done.state, done.result?.message]).toEqual(['succeeded', expect.any(String)]);
    expect(await adminRead(dn, 'userAccountControl')).toEqual(['4096']);
    expect((await undo(svc, done)).state).toBe('succeeded');
    expect(await adminRead(dn, 'userAccountControl')).toEqual(['528384']);
  });

  it('removes one chosen constrained-delegation target, keeping the other, and restores it', async () => {
    const dn = dnOf('fix_kcd');
    const targets = ['HTTP/web01.corp.example.test', 'MSSQLSvc/sql01.corp.example.test:1433'];
    await adminModify(dn, 'replace', 'msDS-AllowedToDelegateTo', targets);
    const svc = service();
    const done = await requestAndApprove(svc, 'fix_kcd', {
      kind: 'remove-delegation-targets',
      targets: ['http/WEB01.corp.example.test'],
    });
    expect(done.state).toBe('succeeded');
    expect(await adminRead(dn, 'msDS-AllowedToDelegateTo')).toEqual([targets[1]]);
    expect((await undo(svc, done)).state).toBe('succeeded');
    expect((await adminRead(dn, 'msDS-AllowedToDelegateTo')).sort()).toEqual([...targets].sort());
  });

  it('ends as nothing to do when an admin already made the change by hand', async () => {
    const dn = dnOf('fix_manual');
    await adminModify(dn, 'replace', 'userAccountControl', ['4098']);
    try {
      const done = await requestAndApprove(service(), 'fix_manual', { kind: 'disable-account' });
      expect(done).toMatchObject({
        state: 'nothing-to-do',
        result: { message: 'the account is already disabled' },
      });
      expect(writer.writes).toEqual([]);
    } finally {
      await adminModify(dn, 'replace', 'userAccountControl', ['4096']);
    }
  });

  it('a fixer without rights fails with insufficient rights (50) and nothing changes', async () => {
    const dn = dnOf('fix_denied');
    await ensureMember(LOCKED_GROUP, dn, true);
    await adminModify(dn, 'replace', 'userAccountControl', ['4096']);
    const weak = fixer(env('LDAP_FIX_NORIGHTS_BIND_DN'), env('LDAP_FIX_NORIGHTS_BIND_PASSWORD'));
    writers.push(weak);
    const svc = service({ writer: weak });
    const removal = await requestAndApprove(svc, 'fix_denied', {
      kind: 'remove-from-group',
      groupDn: LOCKED_GROUP,
      groupName: 'Fix Locked Group',
    });
    expect(removal).toMatchObject({ state: 'failed', result: { errorReason: 'insufficient-rights' } });
    expect(removal.result?.message).toMatch(/^insufficient rights/);
    const disable = await requestAndApprove(svc, 'fix_denied', { kind: 'disable-account' });
    expect(disable).toMatchObject({ state: 'failed', result: { errorReason: 'insufficient-rights' } });
    // the real fixer has rights on Fix Tier0 Ops only, not on this group
    const scoped = await requestAndApprove(service(), 'fix_denied', {
      kind: 'remove-from-group',
      groupDn: LOCKED_GROUP,
      groupName: 'Fix Locked Group',
    });
    expect(scoped).toMatchObject({ state: 'failed', result: { errorReason: 'insufficient-rights' } });
    expect(await adminRead(LOCKED_GROUP, 'member')).toContain(dn);
    expect(await adminRead(dn, 'userAccountControl')).toEqual(['4096']);
  });

  it('clearing RBCD is refused by Samba 4.17 (system-only, 19) and ends as failed with the reason', async () => {
    const dn = dnOf('fix_rbcd');
    const done = await requestAndApprove(service(), 'fix_rbcd', { kind: 'clear-rbcd' });
    expect(done).toMatchObject({ state: 'failed', result: { errorReason: 'constraint' } });
    expect(done.result?.message).toMatch(
      /LDAP 19.*msDS-AllowedToActOnBehalfOfOtherIdentity.*nothing changed/,
    );
    const { searchEntries } = await admin.search(dn, {
      scope: 'base',
      attributes: ['msDS-AllowedToActOnBehalfOfOtherIdentity'],
      explicitBufferAttributes: ['msDS-AllowedToActOnBehalfOfOtherIdentity'],
    });
    expect(searchEntries[0]?.['msDS-AllowedToActOnBehalfOfOtherIdentity']).toBeInstanceOf(Buffer);
  });

  async function race(name: string, stores: Store[]): Promise<void> {
    const dn = dnOf(name);
    await adminModify(dn, 'replace', 'userAccountControl', ['4096']);
    try {
      const replicas = stores.map((s) => service({ store: s }));
      const requested = await replicas[0]!.request({
        actor: reader,
        account: { distinguishedName: dn, sid: `sid-of-${name}`, name },
        action: { kind: 'disable-account' },
        justification: 'race',
      });
      if (!requested.ok) throw new Error(requested.refusal);
      const clicks = Array.from({ length: 20 }, (_, i) =>
        replicas[i % replicas.length]!.approve(requested.approval.id, {
          person: person(`approver-${i % 5}`),
          roles: ['approver'],
        }),
      );
      const results = await Promise.all(clicks);
      const executions = results.flatMap((r) => (r.ok && r.execution !== null ? [r.execution] : []));
      expect(executions).toHaveLength(1);
      expect((await executions[0])!.state).toBe('succeeded');
      expect(writer.writes).toHaveLength(1);
      expect(await adminRead(dn, 'userAccountControl')).toEqual(['4098']);
      const audit = await stores[0]!.listAudit({ limit: 1000 });
      expect(
        audit.filter((e) => e.subject === requested.approval.id && e.action === 'remediation.succeeded'),
      ).toHaveLength(1);
    } finally {
      await adminModify(dn, 'replace', 'userAccountControl', ['4096']);
    }
  }

  it('20 concurrent approvals on SQLite: exactly one LDAP change and one succeeded entry', async () => {
    await race('fix_race_sqlite', [store]);
  });

  it('20 concurrent approvals from two replicas on PostgreSQL: exactly one LDAP change', async () => {
    const schema = `msa_warden_approvals_${randomBytes(5).toString('hex')}`;
    const url = env('DATABASE_URL');
    const a = combinedStore(await openStore({ kind: 'postgres', url, schema }));
    const b = combinedStore(await openStore({ kind: 'postgres', url, schema }));
    try {
      await race('fix_race_pg', [a, b]);
    } finally {
      const pg = new PgClient({ connectionString: url });
      await pg.connect();
      await pg.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pg.end();
      await a.close();
      await b.close();
    }
  });

  it('settles a request left executing by a crash from what AD holds, never applying twice', async () => {
    const dn = dnOf('fix_disable');
    await adminModify(dn, 'replace', 'userAccountControl', ['4096']);
    try {
      let paused = false;
      const crashing = new ApprovalService({
        store,
        writer,
        policy: { approvalsRequired: 1, ttlMs: 86_400_000 },
        betweenApplyAndVerify: () => {
          paused = true;
          return new Promise<void>(() => undefined);
        },
      });
      const requested = await crashing.request({
        actor: reader,
        account: { distinguishedName: dn, sid: 'sid', name: 'fix_disable' },
        action: { kind: 'disable-account' },
        justification: 'crash test',
      });
      if (!requested.ok) throw new Error(requested.refusal);
      expect((await crashing.approve(requested.approval.id, approver)).ok).toBe(true);
      while (!paused) await new Promise((resolve) => setTimeout(resolve, 10));
      expect((await store.getApproval(requested.approval.id))?.state).toBe('executing');

      const settled = await service().settleExecuting();
      expect(settled.map((a) => a.state)).toEqual(['succeeded']);
      expect(writer.writes).toHaveLength(1);
      expect(await adminRead(dn, 'userAccountControl')).toEqual(['4098']);
    } finally {
      await adminModify(dn, 'replace', 'userAccountControl', ['4096']);
    }
  });
});
