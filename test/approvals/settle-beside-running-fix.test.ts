import { ApprovalService, EXECUTION_STEPS } from '../../src/approvals/approval-service';
import type { ApprovalActorInput, ExecutionStep } from '../../src/approvals/approval-service';
import type { AccountWriteState } from '../../src/domain/directory-writer';
import { openStore } from '../../src/store/open-store';
import { combinedStore } from '../support/combined-store';
import type { TestStore } from '../support/combined-store';
import { FakeDirectoryWriter } from '../support/fake-directory-writer';

/**
 * The sweep settles requests a crash left executing (APPROVAL_SETTLE_AFTER=0s settles at once), so
 * it runs beside this process's own fixes: one it is carrying out is not a crash's and is left
 * alone. Settling it would read AD before the write, record "failed", and then the write would land.
 */

const DN = 'CN=svc_fix,OU=Service Accounts,DC=corp,DC=example,DC=test';
const person = (id: string) => ({ aadObjectId: id, name: id, upn: `${id}@corp.example.test` });
const reader: ApprovalActorInput = { person: person('reader'), roles: ['reader'] };
const approver: ApprovalActorInput = { person: person('approver'), roles: ['reader', 'approver'] };
const account = (): AccountWriteState => ({
  distinguishedName: DN,
  accountControlFlags: 0x1000,
  supportedEncryptionTypes: 28,
  delegationTargets: [],
  resourceDelegationDescriptor: null,
  memberOfDns: [],
});

let store: TestStore;
let writer: FakeDirectoryWriter;

beforeEach(async () => {
  store = combinedStore(await openStore({ kind: 'sqlite', path: ':memory:' }));
  writer = new FakeDirectoryWriter([account()]);
});
afterEach(() => store.close());

it.each(['before-apply', 'after-apply', 'after-verify'] as const)(
  'a fix held at %s is not settled by the same process; it ends once, applied once',
  async (holdAt) => {
    const seen: ExecutionStep[] = [];
    let release: () => void = () => undefined;
    let held = false;
    const svc = new ApprovalService({
      store,
      writer,
      policy: { approvalsRequired: 1, ttlMs: 86_400_000 },
      atStep: (step) => {
        seen.push(step);
        if (step !== holdAt) return Promise.resolve();
        held = true;
        return new Promise<void>((resolve) => (release = resolve));
      },
    });
    const asked = await svc.request({
      actor: reader,
      account: { distinguishedName: DN, sid: 'S-1-5-21-1-2-3-1200', name: 'svc_fix' },
      action: { kind: 'disable-account' },
      justification: 'test',
    });
    if (!asked.ok) throw new Error(asked.refusal);
    const approved = await svc.approve(asked.approval.id, approver);
    if (!approved.ok || approved.execution === null) throw new Error('not started');
    while (!held) await new Promise((resolve) => setImmediate(resolve));

    // the sweep with no minimum age: the request is executing, but it is ours
    expect(await svc.settleExecuting({ minAgeMs: 0 })).toEqual([]);
    expect((await svc.get(asked.approval.id))?.state).toBe('executing');

    release();
    expect((await approved.execution).state).toBe('succeeded');
    expect(writer.writes).toHaveLength(1);
    expect(seen).toEqual([...EXECUTION_STEPS]);
    // nothing left to settle afterwards, and a later sweep changes nothing
    expect(await svc.settleExecuting({ minAgeMs: 0 })).toEqual([]);
    const trail = (await store.listAudit({ limit: 100 })).map((e) => e.action);
    expect(trail.filter((a) => a.startsWith('settled.'))).toEqual([]);
    expect(trail.filter((a) => a === 'remediation.succeeded')).toHaveLength(1);
  },
);

it('a second service on the same store (a restarted process) settles what the first left', async () => {
  let held = false;
  const crashed = new ApprovalService({
    store,
    writer,
    policy: { approvalsRequired: 1, ttlMs: 86_400_000 },
    atStep: (step) => {
      if (step !== 'after-apply') return Promise.resolve();
      held = true;
      return new Promise<void>(() => undefined); // the process dies here
    },
  });
  const asked = await crashed.request({
    actor: reader,
    account: { distinguishedName: DN, sid: 'S-1-5-21-1-2-3-1200', name: 'svc_fix' },
    action: { kind: 'disable-account' },
    justification: 'test',
  });
  if (!asked.ok) throw new Error(asked.refusal);
  await crashed.approve(asked.approval.id, approver);
  while (!held) await new Promise((resolve) => setImmediate(resolve));

  const restarted = new ApprovalService({
    store,
    writer,
    policy: { approvalsRequired: 1, ttlMs: 86_400_000 },
  });
  const settled = await restarted.settleExecuting({ minAgeMs: 0 });
  expect(settled.map((a) => a.state)).toEqual(['succeeded']);
  expect(writer.writes).toHaveLength(1);
});
