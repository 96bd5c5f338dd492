import { ApprovalService } from '../../src/approvals/approval-service';
import type { ApprovalActorInput, ApprovalServiceOptions } from '../../src/approvals/approval-service';
import { DirectoryError } from '../../src/domain/directory-error';
import type { AccountWriteState } from '../../src/domain/directory-writer';
import { openStore } from '../../src/store/open-store';
import type { StoredApproval } from '../../src/store/approval-store';
import { combinedStore } from '../support/combined-store';
import type { ApprovalTestStore as Store } from '../support/combined-store';
import { FakeDirectoryWriter } from '../support/fake-directory-writer';

const DN = 'CN=svc_fix,OU=Service Accounts,DC=corp,DC=example,DC=test';
const GROUP = 'CN=Tier0 Service Ops,OU=Groups,DC=corp,DC=example,DC=test';
const HOUR = 3_600_000;

const person = (id: string) => ({ aadObjectId: id, name: `Person ${id}`, upn: `${id}@corp.example.test` });
const reader: ApprovalActorInput = { person: person('reader'), roles: ['reader'] };
const approver: ApprovalActorInput = { person: person('approver'), roles: ['reader', 'approver'] };
const approver2: ApprovalActorInput = { person: person('approver2'), roles: ['approver'] };
const outsider: ApprovalActorInput = { person: person('outsider'), roles: [] };

const start = (overrides: Partial<AccountWriteState> = {}): AccountWriteState => ({
  distinguishedName: DN,
  accountControlFlags: 0x1000,
  supportedEncryptionTypes: 28,
  delegationTargets: ['HTTP/web01.corp.example.test'],
  resourceDelegationDescriptor: Buffer.from('descriptor').toString('base64'),
  memberOfDns: [GROUP],
  ...overrides,
});

let store: Store;
let writer: FakeDirectoryWriter;
let now: Date;
let ids: number;

function service(overrides: Partial<ApprovalServiceOptions> = {}): ApprovalService {
  return new ApprovalService({
    store,
    writer,
    clock: () => now,
    newId: () => `req-${++ids}`,
    policy: { approvalsRequired: 1, ttlMs: 24 * HOUR },
    ...overrides,
  });
}

async function requested(
  svc: ApprovalService,
  action = { kind: 'disable-account' } as const,
): Promise<StoredApproval> {
  const r = await svc.request({
    actor: reader,
    account: { distinguishedName: DN, sid: 'S-1-5-21-1-2-3-1200', name: 'svc_fix' },
    action,
    justification: 'Finding privileged-membership on svc_fix',
  });
  if (!r.ok) throw new Error(`request refused: ${r.refusal}`);
  return r.approval;
}

async function approved(svc: ApprovalService, id: string, who = approver): Promise<StoredApproval> {
  const r = await svc.approve(id, who);
  if (!r.ok) throw new Error(`approve refused: ${r.refusal}`);
  if (r.execution === null) throw new Error('approval did not start the change');
  return r.execution;
}

const auditActions = async (): Promise<string[]> =>
  (await store.listAudit({ limit: 1000 })).map((e) => e.action);

beforeEach(async () => {
  store = combinedStore(await openStore({ kind: 'sqlite', path: ':memory:' }));
  writer = new FakeDirectoryWriter([start()]);
  now = new Date('2025-03-03T10:00:00Z');
  ids = 0;
});
afterEach(() => store.close());

describe('ApprovalService', () => {
  it('request → approve → the change is made once, verified, and every step is audited', async () => {
    const svc = service();
    const req = await requested(svc);
    expect(req).toMatchObject({
      state: 'requested',
      version: 1,
      expiresAt: new Date(now.getTime() + 24 * HOUR),
    });
    const done = await approved(svc, req.id);
    expect(done.state).toBe('succeeded');
    expect(done.result).toMatchObject({
      before: { userAccountControl: 0x1000 },
      after: { userAccountControl: 0x1002 },
      undo: { kind: 'enable-account' },
    });
    expect(writer.writes).toEqual([
      { kind: 'swap-number', dn: DN, attribute: 'account-control', from: 0x1000, to: 0x1002 },
    ]);
    expect(await auditActions()).toEqual([
      'approval.requested',
      'approval.approved',
      'remediation.started',
      'remediation.succeeded',
    ]);
    const last = (await store.listAudit({ order: 'desc', limit: 1 }))[0]!;
    expect(last.details).toMatchObject({
      before: { userAccountControl: 0x1000 },
      after: { userAccountControl: 0x1002 },
      result: 'succeeded',
    });
  });

  it('refuses requests without a role, without a justification, or when fixes are not enabled — audited', async () => {
    const account = { distinguishedName: DN, sid: 'S-1', name: 'svc_fix' };
    const action = { kind: 'disable-account' } as const;
    expect(await service().request({ actor: outsider, account, action, justification: 'x' })).toMatchObject({
      ok: false,
      refusal: 'no-role',
    });
    expect(await service().request({ actor: reader, account, action, justification: '   ' })).toMatchObject({
      ok: false,
      refusal: 'justification-required',
    });
    const off = service({ writer: null });
    expect(off.fixesEnabled).toBe(false);
    expect(await off.request({ actor: reader, account, action, justification: 'x' })).toMatchObject({
      ok: false,
      refusal: 'fixes-not-enabled',
    });
    expect(await auditActions()).toEqual(['approval.refused', 'approval.refused', 'approval.refused']);
    expect(await store.listApprovals()).toEqual([]);
  });

  it('refuses the requester, a reader and an outsider as approvers, and changes nothing', async () => {
    const svc = service();
    const req = await requested(svc);
    const requesterApprover = { person: reader.person, roles: ['reader', 'approver'] as const };
    for (const [who, refusal] of [
      [requesterApprover, 'own-request'],
      [reader, 'not-an-approver'],
      [outsider, 'no-role'],
    ] as const) {
      expect(await svc.approve(req.id, who)).toMatchObject({ ok: false, refusal });
    }
    expect((await svc.get(req.id))?.state).toBe('requested');
    expect(writer.writes).toEqual([]);
    expect((await auditActions()).filter((a) => a === 'approval.refused')).toHaveLength(3);
  });

  it('needs two different approvers when APPROVALS_REQUIRED=2', async () => {
    const svc = service({ policy: { approvalsRequired: 2, ttlMs: HOUR } });
    const req = await requested(svc);
    const first = await svc.approve(req.id, approver);
    expect(first).toMatchObject({ ok: true, execution: null, approval: { state: 'requested' } });
    expect(await svc.approve(req.id, approver)).toMatchObject({
      ok: false,
      refusal: 'already-approved-by-you',
    });
    expect(writer.writes).toEqual([]);
    expect((await approved(svc, req.id, approver2)).state).toBe('succeeded');
    expect(writer.writes).toHaveLength(1);
  });

  it('an expired request cannot be approved: touching it expires it; the sweep expires the rest', async () => {
    const svc = service();
    const a = await requested(svc);
    const b = await requested(svc);
    now = new Date(now.getTime() + 24 * HOUR);
    expect(await svc.approve(a.id, approver)).toMatchObject({
      ok: false,
      refusal: 'expired',
      approval: { state: 'expired' },
    });
    expect(await svc.expireDue()).toBe(1);
    expect((await svc.get(b.id))?.state).toBe('expired');
    expect(writer.writes).toEqual([]);
  });

  it('lets the requester cancel while pending, and nobody else', async () => {
    const svc = service();
    const req = await requested(svc);
    expect(await svc.cancel(req.id, approver)).toMatchObject({ ok: false, refusal: 'not-the-requester' });
    expect(await svc.cancel(req.id, reader)).toMatchObject({ ok: true, approval: { state: 'cancelled' } });
    expect(await svc.approve(req.id, approver)).toMatchObject({ ok: false, refusal: 'not-pending' });
  });

  it('rejects', async () => {
    const svc = service();
    const req = await requested(svc);
    expect(await svc.reject(req.id, approver)).toMatchObject({ ok: true, approval: { state: 'rejected' } });
    expect(writer.writes).toEqual([]);
  });

  it('ends as nothing-to-do when the account was fixed by hand', async () => {
    writer.accounts.set(DN.toLowerCase(), start({ accountControlFlags: 0x1002 }));
    const svc = service();
    const done = await approved(svc, (await requested(svc)).id);
    expect(done).toMatchObject({
      state: 'nothing-to-do',
      result: { message: 'the account is already disabled' },
    });
    expect(writer.writes).toEqual([]);
    expect(await auditActions()).toContain('remediation.nothing-to-do');
  });

  it('ends as nothing-to-do when someone made the same change between read and write (53)', async () => {
    const svc = service();
    writer.beforeWrite = () => {
      writer.accounts.get(DN.toLowerCase())!.memberOfDns = [];
    };
    const req = await requested(svc, {
      kind: 'remove-from-group',
      groupDn: GROUP,
      groupName: 'Tier0 Service Ops',
    } as never);
    const done = await approved(svc, req.id);
    expect(done).toMatchObject({ state: 'nothing-to-do', result: { errorReason: 'already-in-state' } });
  });

  it('fails, changing nothing, when the flags moved on between read and write (compare-and-swap)', async () => {
    const svc = service();
    writer.beforeWrite = () => {
      writer.accounts.get(DN.toLowerCase())!.accountControlFlags = 0x1000 | 0x80000;
      writer.beforeWrite = null;
    };
    const done = await approved(svc, (await requested(svc)).id);
    expect(done).toMatchObject({ state: 'failed', result: { errorReason: 'already-in-state' } });
    expect(done.result?.message).toMatch(/changed while the fix ran/);
    expect(writer.accounts.get(DN.toLowerCase())!.accountControlFlags).toBe(0x1000 | 0x80000);
  });

  it('fails with the reason in words on 50 (insufficient rights) and 19 (RBCD on Samba)', async () => {
    const svc = service();
    writer.refuseWith = { code: 50, reason: 'insufficient-rights' };
    const rights = await approved(svc, (await requested(svc)).id);
    expect(rights).toMatchObject({ state: 'failed', result: { errorReason: 'insufficient-rights' } });
    expect(rights.result?.message).toMatch(/^insufficient rights/);
    writer.refuseWith = { code: 19, reason: 'constraint' };
    const rbcd = await approved(svc, (await requested(svc, { kind: 'clear-rbcd' } as never)).id);
    expect(rbcd).toMatchObject({ state: 'failed', result: { errorReason: 'constraint' } });
    expect(rbcd.result?.message).toMatch(/msDS-AllowedToActOnBehalfOfOtherIdentity/);
    expect(writer.writes).toEqual([]);
  });

  it('reads the account again when the answer to a write is lost: the change is there → succeeded', async () => {
    const svc = service();
    writer.loseAnswer = new DirectoryError('unreachable', 'socket hang up');
    const done = await approved(svc, (await requested(svc)).id);
    expect(done).toMatchObject({ state: 'succeeded', result: { errorReason: 'unreachable' } });
    expect(writer.writes).toHaveLength(1);
  });

  it('undo is a new request that needs its own approval and restores the value', async () => {
    const svc = service();
    const done = await approved(svc, (await requested(svc, { kind: 'set-aes-only' } as never)).id);
    expect(writer.accounts.get(DN.toLowerCase())!.supportedEncryptionTypes).toBe(0x18);
    const undo = await svc.requestUndo(done.id, reader, 'the app still needs RC4');
    if (!undo.ok) throw new Error(undo.refusal);
    expect(undo.approval.action).toMatchObject({
      kind: 'restore-encryption-types',
      params: { change: { value: 28 }, undoOf: done.id },
    });
    expect((await approved(svc, undo.approval.id)).state).toBe('succeeded');
    expect(writer.accounts.get(DN.toLowerCase())!.supportedEncryptionTypes).toBe(28);
    expect(await svc.requestUndo(undo.approval.id, approver, 'again')).toMatchObject({ ok: true });
    expect(await svc.requestUndo('nope', reader, 'x')).toMatchObject({ ok: false, refusal: 'not-found' });
  });

  it('a finished request describes the change as it stood before the write, not the directory now', async () => {
    const svc = service();
    const pending = await requested(svc, { kind: 'set-aes-only' } as never);
    const beforeRun = await svc.describe(pending);
    const done = await approved(svc, pending.id);
    expect(done.state).toBe('succeeded');
    const finished = await svc.describe((await store.getApproval(done.id))!);
    expect(finished).toEqual(beforeRun);
    expect(finished?.before).not.toEqual(finished?.after);
  });

  it('20 concurrent approvals run the change exactly once', async () => {
    const svc = service();
    writer.delayMs = 5;
    const req = await requested(svc);
    const approvers = Array.from({ length: 20 }, (_, i): ApprovalActorInput => ({
      person: person(`approver-${i % 4}`),
      roles: ['approver'],
    }));
    const results = await Promise.all(approvers.map((a) => svc.approve(req.id, a)));
    const executions = results.flatMap((r) => (r.ok && r.execution !== null ? [r.execution] : []));
    expect(executions).toHaveLength(1);
    expect((await executions[0])!.state).toBe('succeeded');
    expect(writer.writes).toHaveLength(1);
    expect((await auditActions()).filter((a) => a === 'remediation.succeeded')).toHaveLength(1);
  });

  it('settles a request left executing by a crash from what the directory holds, without writing again', async () => {
    let paused = false;
    const crashing = service({
      betweenApplyAndVerify: () => {
        paused = true;
        return new Promise<void>(() => undefined); // the process "dies" here
      },
    });
    const req = await requested(crashing);
    const r = await crashing.approve(req.id, approver);
    expect(r.ok).toBe(true);
    while (!paused) await new Promise((resolve) => setImmediate(resolve));
    expect((await store.getApproval(req.id))?.state).toBe('executing');
    expect(writer.writes).toHaveLength(1);

    const restarted = service();
    const settled = await restarted.settleExecuting();
    expect(settled.map((a) => a.state)).toEqual(['succeeded']);
    expect(writer.writes).toHaveLength(1);
    expect(await auditActions()).toContain('settled.succeeded');
  });

  it('settles as failed when the change is not in the directory, and carries out a request left approved', async () => {
    const svc = service();
    const a = await requested(svc);
    const b = await requested(svc, { kind: 'set-aes-only' } as never);
    // a: crashed after approved → executing, before the write; b: crashed right after approval
    const ea = (await store.transitionApproval(a.id, a.version, { updatedAt: now, state: 'approved' }))!;
    await store.transitionApproval(a.id, ea.version, { updatedAt: now, state: 'executing' });
    await store.transitionApproval(b.id, b.version, { updatedAt: now, state: 'approved' });
    now = new Date(now.getTime() + 60_000);
    expect(await svc.settleExecuting({ minAgeMs: 120_000 })).toEqual([]);
    const settled = await svc.settleExecuting({ minAgeMs: 30_000 });
    expect(settled.map((x) => [x.id, x.state])).toEqual([
      [a.id, 'failed'],
      [b.id, 'succeeded'],
    ]);
    expect(writer.writes).toHaveLength(1);
  });
});
