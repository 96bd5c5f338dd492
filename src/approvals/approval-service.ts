/**
 * The approval service: the only way msa-warden changes the directory.
 *
 * API for the router (card verbs and commands; every call re-checks the rules on the server):
 *
 *   fixesEnabled                                  false without LDAP_FIX_BIND_DN → "fixes are not enabled"
 *   request({ actor, account, action, justification, conversationId?, undoOf? })
 *                                                 → { ok, approval } | { ok: false, refusal }
 *   requestUndo(id, actor, justification, place?) the inverse of a succeeded request, as a new request
 *                                                   (one live undo per request)
 *   approve(id, actor)                            → { ok, approval, execution } — `execution` is null, or
 *                                                   a promise of the final approval when this click
 *                                                   completed the approvals (answer the invoke first,
 *                                                   then await it and update the cards)
 *   reject(id, actor) / cancel(id, actor)         → { ok, approval } | { ok: false, refusal, approval }
 *   expireDue()                                   the expiry sweep; touching an expired request expires it too
 *   settleExecuting({ minAgeMs })                 at start-up and on the sweep: settles requests left
 *                                                   `executing` by a crash from what AD holds, never
 *                                                   applying twice
 *   describe(approval)                            the change in words and before/after, read now
 *   get(id) / listPending() / listRequestedBy(id)
 *
 * Actors are `{ person, roles }`: roles come from the access layer (`reader` | `approver`). Every
 * transition is a versioned store write (of two racing writers exactly one wins; the loser re-reads
 * and re-decides) followed by an audit-trail entry; refusals are audited too. The change runs only
 * after this process moved the request approved → executing, so a second click, a second replica or
 * a replayed invoke never runs it twice.
 */
import { randomUUID } from 'node:crypto';
import { DirectoryError } from '../domain/directory-error';
import type { AccountWriteState, DirectoryWriter } from '../domain/directory-writer';
import type {
  ApprovalDecision,
  ApprovalPatch,
  ApprovalResult,
  ApprovalStore,
  Person,
  StoredApproval,
} from '../store/approval-store';
import type { AuditTrail } from '../store/audit-trail';
import type { ApprovalAction } from './approval-action';
import { approvalActionSchema, approvalRequestParamsSchema } from './approval-action';
import type { ApprovalRequestParams } from './approval-action';
import { decideExpire, decideSystemMove, decideUserCommand, mayRequest } from './approval-state';
import type {
  ApprovalPolicy,
  ApprovalRole,
  ApprovalSnapshot,
  Outcome,
  Refusal,
  UserCommand,
} from './approval-state';
import { remediationFor } from './remediations';
import type { ChangeDescription, Plan } from './remediations/remediation';

/** The part of the store the service uses (the ApprovalStore and AuditTrail ports). */
export type ApprovalRecords = Pick<
  ApprovalStore,
  'createApproval' | 'getApproval' | 'transitionApproval' | 'listApprovals'
> &
  Pick<AuditTrail, 'appendAudit'>;

export interface ApprovalActorInput {
  person: Person;
  roles: readonly ApprovalRole[];
}

export interface ApprovalServiceOptions {
  store: ApprovalRecords;
  /** null: no LDAP_FIX_BIND_DN configured, fixes are not enabled */
  writer: DirectoryWriter | null;
  clock?: () => Date;
  newId?: () => string;
  policy: ApprovalPolicy & { ttlMs: number };
  /** test hook: runs after the write and before the read that verifies it */
  betweenApplyAndVerify?: (approval: StoredApproval) => Promise<void>;
  /** test hook: told at each step of a change (the crash tests pause and kill the process there) */
  atStep?: (step: ExecutionStep, approval: StoredApproval) => Promise<void>;
  /** a store write that failed after the change ran; the request stays executing until settled */
  onError?: (approvalId: string, error: unknown) => void;
}

/**
 * The steps of a change, in order: before approved → executing, before the write, between the write
 * and the read that verifies it, after that read and before the outcome is recorded.
 */
export const EXECUTION_STEPS = ['before-start', 'before-apply', 'after-apply', 'after-verify'] as const;
export type ExecutionStep = (typeof EXECUTION_STEPS)[number];

export type ServiceRefusal =
  | Refusal
  | 'fixes-not-enabled'
  | 'justification-required'
  | 'invalid-request'
  | 'not-found'
  | 'nothing-to-undo'
  /** an undo of this request is already pending, running or done */
  | 'undo-already-requested'
  /** the request kept changing under us (many writers); try again */
  | 'busy';

export type ServiceResult =
  | { ok: true; approval: StoredApproval }
  | { ok: false; refusal: ServiceRefusal; approval: StoredApproval | null };

export type ApproveResult =
  | { ok: true; approval: StoredApproval; execution: Promise<StoredApproval> | null }
  | { ok: false; refusal: ServiceRefusal; approval: StoredApproval | null };

export interface RequestInput {
  actor: ApprovalActorInput;
  account: { distinguishedName: string; sid: string; name: string };
  action: ApprovalAction;
  justification: string;
  conversationId?: string | null;
  /** the activity of the card the request was made on: replaced for everyone after each decision */
  cardActivityId?: string | null;
  undoOf?: string | null;
}

const SYSTEM = { id: 'system', name: 'msa-warden' };
const MAX_RACES = 25;
const JUSTIFICATION_MAX = 2000;

export class ApprovalService {
  private readonly store: ApprovalRecords;
  private readonly writer: DirectoryWriter | null;
  private readonly clock: () => Date;
  private readonly newId: () => string;
  private readonly policy: ApprovalPolicy & { ttlMs: number };
  private readonly betweenApplyAndVerify: ApprovalServiceOptions['betweenApplyAndVerify'];
  private readonly onError: (approvalId: string, error: unknown) => void;
  private readonly atStep: NonNullable<ApprovalServiceOptions['atStep']>;
  /** requests this process is carrying out: settleExecuting() leaves them to it */
  private readonly running = new Set<string>();

  constructor(options: ApprovalServiceOptions) {
    this.store = options.store;
    this.writer = options.writer;
    this.clock = options.clock ?? (() => new Date());
    this.newId = options.newId ?? randomUUID;
    this.policy = options.policy;
    this.betweenApplyAndVerify = options.betweenApplyAndVerify;
    this.onError = options.onError ?? (() => undefined);
    this.atStep = options.atStep ?? (() => Promise.resolve());
  }

  get fixesEnabled(): boolean {
    return this.writer !== null;
  }

  // --- requests ----------------------------------------------------------------------------------

  async request(input: RequestInput): Promise<ServiceResult> {
    const { actor } = input;
    const refused = (refusal: ServiceRefusal): Promise<ServiceResult> =>
      this.refuse('request', input.account.sid, actor, refusal, null);
    if (!mayRequest(actorOf(actor))) return refused('no-role');
    if (this.writer === null) return refused('fixes-not-enabled');
    const justification = input.justification.trim();
    if (justification === '') return refused('justification-required');
    const params: ApprovalRequestParams = {
      change: input.action,
      accountDn: input.account.distinguishedName,
      justification: justification.slice(0, JUSTIFICATION_MAX),
      undoOf: input.undoOf ?? null,
    };
    if (!approvalRequestParamsSchema.safeParse(params).success) return refused('invalid-request');
    const now = this.clock();
    const approval = await this.store.createApproval({
      id: this.newId(),
      action: { kind: input.action.kind, params },
      account: { sid: input.account.sid, name: input.account.name },
      requestedBy: actor.person,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.policy.ttlMs),
      conversationId: input.conversationId ?? null,
      cardActivityId: input.cardActivityId ?? null,
    });
    await this.audit(now, actor.person, 'approval.requested', approval, {
      change: input.action,
      accountDn: params.accountDn,
      justification: params.justification,
      undoOf: params.undoOf,
      expiresAt: approval.expiresAt.toISOString(),
    });
    return { ok: true, approval };
  }

  /** Asks for the inverse of a request that changed the directory; the undo needs its own approval. */
  async requestUndo(
    id: string,
    actor: ApprovalActorInput,
    justification: string,
    /** where the undo's card is (the card clicked becomes it); the original's conversation otherwise */
    place?: { conversationId: string | null; cardActivityId: string | null },
  ): Promise<ServiceResult> {
    const approval = await this.store.getApproval(id);
    if (approval === null) return this.refuse('request-undo', id, actor, 'not-found', null);
    const undo = approvalActionSchema.safeParse(approval.result?.undo);
    const params = paramsOf(approval);
    if (approval.state !== 'succeeded' || !undo.success || params === null) {
      return this.refuse('request-undo', id, actor, 'nothing-to-undo', approval);
    }
    // a second "Request undo" click (another copy of the card) must not queue the inverse twice
    const live = await this.store.listApprovals({
      states: ['requested', 'approved', 'executing', 'succeeded'],
    });
    if (live.some((other) => paramsOf(other)?.undoOf === id)) {
      return this.refuse('request-undo', id, actor, 'undo-already-requested', approval);
    }
    return this.request({
      actor,
      account: {
        distinguishedName: params.accountDn,
        sid: approval.account.sid,
        name: approval.account.name,
      },
      action: undo.data,
      justification,
      conversationId: place === undefined ? approval.conversationId : place.conversationId,
      cardActivityId: place?.cardActivityId ?? null,
      undoOf: approval.id,
    });
  }

  // --- decisions ---------------------------------------------------------------------------------

  async approve(id: string, actor: ApprovalActorInput): Promise<ApproveResult> {
    const result = await this.decide(id, 'approve', actor);
    if (!result.ok) return result;
    const execution = result.approval.state === 'approved' ? this.execute(result.approval) : null;
    return { ok: true, approval: result.approval, execution };
  }

  reject(id: string, actor: ApprovalActorInput): Promise<ServiceResult> {
    return this.decide(id, 'reject', actor);
  }

  cancel(id: string, actor: ApprovalActorInput): Promise<ServiceResult> {
    return this.decide(id, 'cancel', actor);
  }

  private async decide(id: string, command: UserCommand, actor: ApprovalActorInput): Promise<ServiceResult> {
    for (let race = 0; race < MAX_RACES; race++) {
      const approval = await this.store.getApproval(id);
      if (approval === null) return this.refuse(command, id, actor, 'not-found', null);
      const now = this.clock();
      const decision = decideUserCommand(snapshotOf(approval), command, actorOf(actor), now, this.policy);
      if (!decision.ok) {
        // A touched expired request expires now, so every card shows it.
        const shown =
          decision.refusal === 'expired' ? ((await this.expireOne(approval)) ?? approval) : approval;
        return this.refuse(command, id, actor, decision.refusal, shown);
      }
      const verb: ApprovalDecision['decision'] =
        command === 'approve' ? 'approved' : command === 'reject' ? 'rejected' : 'cancelled';
      const updated = await this.store.transitionApproval(id, approval.version, {
        updatedAt: now,
        state: decision.state,
        decisions: [...approval.decisions, { by: actor.person, at: now, decision: verb }],
      });
      if (updated === null) continue; // another writer won: read again and decide again
      await this.audit(now, actor.person, `approval.${verb}`, updated, {
        from: approval.state,
        to: updated.state,
        approvals: decision.approvedBy.length,
        approvalsRequired: this.policy.approvalsRequired,
      });
      return { ok: true, approval: updated };
    }
    return this.refuse(command, id, actor, 'busy', await this.store.getApproval(id));
  }

  // --- expiry ------------------------------------------------------------------------------------

  /** Expires every pending request whose time is up; returns how many this call expired. */
  async expireDue(): Promise<number> {
    // expiresBefore is strict; a request expires at its expiry instant
    const due = await this.store.listApprovals({
      states: ['requested'],
      expiresBefore: new Date(this.clock().getTime() + 1),
    });
    let expired = 0;
    for (const approval of due) if ((await this.expireOne(approval))?.state === 'expired') expired++;
    return expired;
  }

  /** null when another writer changed it first (it may have expired it). */
  private async expireOne(approval: StoredApproval): Promise<StoredApproval | null> {
    const now = this.clock();
    if (!decideExpire(snapshotOf(approval), now).ok) return null;
    const updated = await this.store.transitionApproval(approval.id, approval.version, {
      updatedAt: now,
      state: 'expired',
    });
    if (updated === null) return null;
    await this.audit(now, SYSTEM, 'approval.expired', updated, {
      expiresAt: approval.expiresAt.toISOString(),
    });
    return updated;
  }

  // --- execution ---------------------------------------------------------------------------------

  /**
   * approved → executing (versioned: only one caller wins and only the winner touches the
   * directory) → precondition → apply → verify → succeeded | failed | nothing-to-do. Never rejects:
   * a store failure after the write leaves the request executing for settleExecuting().
   */
  private async execute(approved: StoredApproval): Promise<StoredApproval> {
    this.running.add(approved.id);
    try {
      if (!decideSystemMove(snapshotOf(approved), 'executing').ok) return approved;
      await this.atStep('before-start', approved);
      const now = this.clock();
      const executing = await this.store.transitionApproval(approved.id, approved.version, {
        updatedAt: now,
        state: 'executing',
      });
      if (executing === null) return (await this.store.getApproval(approved.id)) ?? approved;
      await this.audit(now, SYSTEM, 'remediation.started', executing, { change: executing.action.params });
      const { outcome, result } = await this.run(executing);
      return await this.finish(executing, outcome, result, 'remediation');
    } catch (error) {
      this.onError(approved.id, error);
      return (await this.store.getApproval(approved.id).catch(() => null)) ?? approved;
    } finally {
      this.running.delete(approved.id);
    }
  }

  private async run(executing: StoredApproval): Promise<{ outcome: Outcome; result: ApprovalResult }> {
    const params = paramsOf(executing);
    if (params === null) return failed('invalid-request', 'the stored request cannot be read');
    const writer = this.writer;
    if (writer === null) return failed('fixes-not-enabled', 'fixes are not enabled (no LDAP_FIX_BIND_DN)');
    const remediation = remediationFor(params.change);
    let before: AccountWriteState | null;
    try {
      before = await writer.readAccount(params.accountDn);
    } catch (error) {
      return failed(reasonOf(error), `the account could not be read before the change: ${messageOf(error)}`);
    }
    if (before === null) return failed('no-such-object', `no account ${params.accountDn} in the directory`);
    const described = remediation.describe(params.change, before, executing.account.name);
    const { outcome, result } = await this.runFrom(executing, params.change, params.accountDn, before);
    return { outcome, result: { ...result, described } };
  }

  private async runFrom(
    executing: StoredApproval,
    change: ApprovalAction,
    accountDn: string,
    before: AccountWriteState,
  ): Promise<{ outcome: Outcome; result: ApprovalResult }> {
    const writer = this.writer;
    if (writer === null) return failed('fixes-not-enabled', 'fixes are not enabled (no LDAP_FIX_BIND_DN)');
    const params = { change, accountDn };
    const remediation = remediationFor(change);
    const plan: Plan = remediation.precondition(params.change, before);
    if (plan.kind === 'nothing-to-do') {
      return { outcome: 'nothing-to-do', result: { message: plan.reason, before: stateValues(before) } };
    }
    await this.atStep('before-apply', executing);
    const started = performance.now();
    try {
      await remediation.apply(writer, plan.change);
    } catch (error) {
      return await this.afterRefusal(error, params.change, params.accountDn, plan);
    }
    const writeMs = Math.round((performance.now() - started) * 10) / 10;
    // From here the change is made: an error leaves the request executing for settleExecuting().
    await this.betweenApplyAndVerify?.(executing);
    await this.atStep('after-apply', executing);
    const after = await writer.readAccount(params.accountDn);
    await this.atStep('after-verify', executing);
    const undo = remediation.undo(params.change, before);
    if (after !== null && remediation.verify(params.change, after)) {
      return {
        outcome: 'succeeded',
        result: {
          before: plan.before,
          after: plan.after,
          message: `changed in ${writeMs} ms, verified`,
          undo,
        },
      };
    }
    return {
      outcome: 'failed',
      result: {
        before: plan.before,
        after: after === null ? null : stateValues(after),
        errorReason: 'not-verified',
        message: 'the directory accepted the change, but reading the account again does not show it',
        undo,
      },
    };
  }

  /** The directory refused the write: tell "already so" and lost answers from real refusals. */
  private async afterRefusal(
    error: unknown,
    change: ApprovalAction,
    accountDn: string,
    plan: Extract<Plan, { kind: 'change' }>,
  ): Promise<{ outcome: Outcome; result: ApprovalResult }> {
    if (!(error instanceof DirectoryError)) {
      return {
        outcome: 'failed',
        result: { before: plan.before, errorReason: 'unknown', message: messageOf(error) },
      };
    }
    const base = { before: plan.before, errorReason: error.reason };
    if (error.reason === 'insufficient-rights') {
      return {
        outcome: 'failed',
        result: {
          ...base,
          message:
            'insufficient rights: the fixer account may not make this change (LDAP 50); nothing changed',
        },
      };
    }
    if (error.reason === 'constraint') {
      return {
        outcome: 'failed',
        result: {
          ...base,
          message:
            `the directory refused the change (LDAP ${error.resultCode ?? '?'}, constraint violation)` +
            (change.kind === 'clear-rbcd' || change.kind === 'restore-rbcd'
              ? ': this domain controller does not allow msDS-AllowedToActOnBehalfOfOtherIdentity to be changed over LDAP (Samba keeps it system-only); change it with Set-ADServiceAccount -PrincipalsAllowedToDelegateToAccount $null on Windows'
              : '') +
            '; nothing changed',
        },
      };
    }
    // 16/53/68: the value moved on or is already so; a lost answer: the write may have happened.
    // Either way the directory knows: read again.
    const remediation = remediationFor(change);
    let now: AccountWriteState | null;
    try {
      now = this.writer === null ? null : await this.writer.readAccount(accountDn);
    } catch (readError) {
      // Unknown whether the write happened: keep it executing for settleExecuting().
      throw new AggregateError([error, readError], 'the write failed and the account cannot be read', {
        cause: readError,
      });
    }
    const done = now !== null && remediation.verify(change, now);
    const lostAnswer = error.reason !== 'already-in-state';
    if (done) {
      return lostAnswer
        ? {
            outcome: 'succeeded',
            result: {
              ...base,
              after: plan.after,
              message: 'the answer to the write was lost; reading the account shows the change',
            },
          }
        : {
            outcome: 'nothing-to-do',
            result: { ...base, message: `already in that state (LDAP ${error.resultCode ?? '?'})` },
          };
    }
    return {
      outcome: 'failed',
      result: {
        ...base,
        after: now === null ? null : stateValues(now),
        message: lostAnswer
          ? `the write failed (${error.reason}) and the account does not show the change`
          : 'the account changed while the fix ran (compare-and-swap refused); nothing changed: request it again',
      },
    };
  }

  private async finish(
    executing: StoredApproval,
    outcome: Outcome,
    result: ApprovalResult,
    verb: 'remediation' | 'settled',
  ): Promise<StoredApproval> {
    const now = this.clock();
    if (!decideSystemMove(snapshotOf(executing), outcome).ok) return executing;
    const patch: ApprovalPatch = { updatedAt: now, state: outcome, result };
    const done = await this.store.transitionApproval(executing.id, executing.version, patch);
    if (done === null) return (await this.store.getApproval(executing.id)) ?? executing;
    await this.audit(now, SYSTEM, `${verb}.${outcome}`, done, {
      accountDn: paramsOf(done)?.accountDn ?? null,
      change: paramsOf(done)?.change ?? null,
      before: result.before ?? null,
      after: result.after ?? null,
      result: outcome,
      reason: result.errorReason ?? null,
      message: result.message ?? null,
    });
    return done;
  }

  /**
   * At start-up and on every expiry sweep (any replica): a request left `executing` longer than `minAgeMs`
   * (a crash between approval and outcome) is settled from what the directory holds — succeeded
   * when the change is there, failed otherwise. It never writes to the directory. Requests left
   * `approved` (a crash before the change started) are carried out now, exactly once.
   * With several replicas, give `minAgeMs` longer than a change can take.
   */
  async settleExecuting(options: { minAgeMs?: number } = {}): Promise<StoredApproval[]> {
    const cutoff = this.clock().getTime() - (options.minAgeMs ?? 0);
    const stuck = await this.store.listApprovals({ states: ['approved', 'executing'] });
    const settled: StoredApproval[] = [];
    for (const approval of stuck) {
      // this process is carrying it out (the sweep runs beside the clicks): not left by a crash
      if (this.running.has(approval.id) || approval.updatedAt.getTime() > cutoff) continue;
      if (approval.state === 'approved') {
        settled.push(await this.execute(approval));
        continue;
      }
      this.running.add(approval.id);
      try {
        const { outcome, result } = await this.settleOne(approval);
        settled.push(await this.finish(approval, outcome, result, 'settled'));
      } finally {
        this.running.delete(approval.id);
      }
    }
    return settled;
  }

  private async settleOne(executing: StoredApproval): Promise<{ outcome: Outcome; result: ApprovalResult }> {
    const params = paramsOf(executing);
    if (params === null || this.writer === null) {
      return failed('settled-unknown', 'settled after a restart; the directory could not be checked');
    }
    try {
      const account = await this.writer.readAccount(params.accountDn);
      if (account !== null && remediationFor(params.change).verify(params.change, account)) {
        return {
          outcome: 'succeeded',
          result: {
            after: stateValues(account),
            message: 'settled after a restart: the change is in the directory',
          },
        };
      }
      return {
        outcome: 'failed',
        result: {
          after: account === null ? null : stateValues(account),
          errorReason: 'settled-not-applied',
          message:
            'settled after a restart: the change is not in the directory; request it again if still wanted',
        },
      };
    } catch (error) {
      return failed(
        reasonOf(error),
        `settled after a restart; reading the directory failed: ${messageOf(error)}`,
      );
    }
  }

  // --- reading -----------------------------------------------------------------------------------

  get(id: string): Promise<StoredApproval | null> {
    return this.store.getApproval(id);
  }

  listPending(): Promise<StoredApproval[]> {
    return this.store.listApprovals({ states: ['requested', 'approved', 'executing'] });
  }

  async listRequestedBy(aadObjectId: string): Promise<StoredApproval[]> {
    const all = await this.store.listApprovals();
    return all.filter((a) => a.requestedBy.aadObjectId === aadObjectId);
  }

  /** The change in words with the values the directory holds now (or without them, when fixes are off). */
  async describe(approval: StoredApproval): Promise<ChangeDescription | null> {
    // a request that ran shows the change as it was just before the write, not the directory now
    if (approval.result?.described !== undefined) return approval.result.described;
    const params = paramsOf(approval);
    if (params === null) return null;
    const account =
      this.writer === null ? null : await this.writer.readAccount(params.accountDn).catch(() => null);
    return remediationFor(params.change).describe(params.change, account, approval.account.name);
  }

  // --- audit -------------------------------------------------------------------------------------

  private async refuse(
    command: string,
    subject: string,
    actor: ApprovalActorInput,
    refusal: ServiceRefusal,
    approval: StoredApproval | null,
  ): Promise<{ ok: false; refusal: ServiceRefusal; approval: StoredApproval | null }> {
    await this.store.appendAudit({
      at: this.clock(),
      actor: { id: actor.person.aadObjectId, name: actor.person.name },
      action: 'approval.refused',
      subject,
      details: { command, refusal, roles: [...actor.roles], state: approval?.state ?? null },
    });
    return { ok: false, refusal, approval };
  }

  private async audit(
    at: Date,
    who: Person | { id: string; name: string },
    action: string,
    approval: StoredApproval,
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.store.appendAudit({
      at,
      actor: 'aadObjectId' in who ? { id: who.aadObjectId, name: who.name } : who,
      action,
      subject: approval.id,
      details: {
        account: approval.account,
        kind: approval.action.kind,
        state: approval.state,
        version: approval.version,
        ...details,
      },
    });
  }
}

function actorOf(actor: ApprovalActorInput): { id: string; roles: readonly ApprovalRole[] } {
  return { id: actor.person.aadObjectId, roles: actor.roles };
}

function snapshotOf(approval: StoredApproval): ApprovalSnapshot {
  return {
    state: approval.state,
    requestedBy: approval.requestedBy.aadObjectId,
    approvedBy: approval.decisions.filter((d) => d.decision === 'approved').map((d) => d.by.aadObjectId),
    expiresAt: approval.expiresAt,
  };
}

export function paramsOf(approval: StoredApproval): ApprovalRequestParams | null {
  const parsed = approvalRequestParamsSchema.safeParse(approval.action.params);
  return parsed.success ? parsed.data : null;
}

/** The attribute values the audit trail and the result keep, in the words of AccountWriteState. */
function stateValues(account: AccountWriteState): Record<string, unknown> {
  return {
    userAccountControl: account.accountControlFlags,
    supportedEncryptionTypes: account.supportedEncryptionTypes,
    delegationTargets: account.delegationTargets,
    resourceDelegationDescriptor: account.resourceDelegationDescriptor,
    memberOf: account.memberOfDns,
  };
}

function failed(errorReason: string, message: string): { outcome: Outcome; result: ApprovalResult } {
  return { outcome: 'failed', result: { errorReason, message } };
}

function reasonOf(error: unknown): string {
  return error instanceof DirectoryError ? error.reason : 'unknown';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
