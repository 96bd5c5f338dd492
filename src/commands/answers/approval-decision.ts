import type { CardAnswer } from '../../cards/card-answer';
import type { StoredApproval } from '../../store/approval-store';
import type { AnswerDeps } from '../answer-deps';
import type { ApprovalDecisionVerb } from '../command';
import {
  approvalContext,
  approvalReply,
  refusedReply,
  tellRequester,
  updatePostedCard,
} from '../views/approval-reply';

const DEFAULT_WAIT_MS = 5000;

/** The execution's result, or null when it takes longer than `ms` (it then goes on in the background). */
async function within(execution: Promise<StoredApproval>, ms: number): Promise<StoredApproval | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([execution, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Approve / Reject / Cancel on an approval card. The service checks every rule again (role, never
 * the requester, expiry, state) whatever the card showed. An approval that completes the request
 * runs the change; the click is answered with the outcome when it is known within a few seconds,
 * else with "running" (the change goes on; the card's Refresh shows the outcome).
 */
export async function answerApprovalDecision(
  decision: ApprovalDecisionVerb,
  approvalId: string,
  deps: AnswerDeps,
): Promise<CardAnswer> {
  const context = approvalContext(deps);
  if (!context.ok) return context.reply;
  const { approvals, asker } = context;
  if (decision !== 'approve') {
    const result =
      decision === 'reject'
        ? await approvals.reject(approvalId, asker)
        : await approvals.cancel(approvalId, asker);
    if (!result.ok) return refusedReply(result.refusal, result.approval, deps);
    void updatePostedCard(result.approval, deps);
    void tellRequester(result.approval, deps);
    return approvalReply(result.approval, deps);
  }
  const result = await approvals.approve(approvalId, asker);
  if (!result.ok) return refusedReply(result.refusal, result.approval, deps);
  if (result.execution === null) {
    void updatePostedCard(result.approval, deps);
    return approvalReply(result.approval, deps, 'Approved; a second approver must approve too.');
  }
  // whenever the change ends, the request's card shows the outcome for everyone
  void result.execution.then(async (final) => {
    await updatePostedCard(final, deps);
    await tellRequester(final, deps);
  });
  const done = await within(result.execution, deps.executionWaitMs ?? DEFAULT_WAIT_MS);
  if (done !== null) return approvalReply(done, deps);
  const now = (await approvals.get(approvalId)) ?? result.approval;
  return approvalReply(now, deps, 'Approved; the change is still running: Refresh shows the outcome.');
}
