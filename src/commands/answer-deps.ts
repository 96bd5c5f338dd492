import type { ApprovalActorInput, ApprovalService } from '../approvals/approval-service';
import type { CardReply } from '../cards/card-reply';
import type { StoredAuditEntry } from '../audit-trail/audit-entry';
import type { AuditTrailVerdict } from '../audit-trail/verify-audit-trail';
import type { AuditConfig } from '../domain/audit-config';
import type { AuditSource } from '../domain/audit-source';
import type { Directory } from '../domain/directory';
import type { ApprovalPostsDeps } from './answers/approval-posts-deps';
import type { DigestCommandDeps } from './answers/digest-command-deps';
import type { AuditFlights } from './audit-flights';
import type { AuditRunCache } from './audit-run-cache';

/** What every answer needs: the directory, the audit's view of it, and the clock (answers are pure apart from reads). */
export interface AnswerDeps {
  directory: Directory;
  /** facts for the audit checks and migration candidates */
  auditSource: AuditSource;
  /** thresholds and protected groups the checks judge by */
  auditConfig: AuditConfig;
  /** recent audit runs that "Show findings" and "Show more" page through; absent: every click audits again */
  auditRuns?: AuditRunCache;
  /** audit runs being made: the same audit asked meanwhile joins one; full audits wait for a slot. Absent: every ask runs its own */
  auditFlights?: AuditFlights;
  now: Date;
  /** told about every error turned into an error card, for the operator's log; optional */
  onError?: (error: unknown) => void;
  /** the turn's correlation id: an error card names it, so a user can quote it and an operator grep it */
  ref?: string;
  /** the conversation a message came from, the store and the scheduler: without it the digest commands say they need a conversation */
  digest?: DigestCommandDeps;
  /** the approval flow; absent: the fix buttons say fixes are not enabled */
  approvals?: ApprovalService;
  /** who is asking and their roles, as the access guard let them through (the approval rules need it) */
  asker?: ApprovalActorInput;
  /** the conversation asked in: an approval card is posted there */
  conversationId?: string;
  /** Teams' type of the conversation asked in (`register approvals here` needs a channel) */
  conversationKind?: 'personal' | 'groupChat' | 'channel';
  /** the approvals channel, every copy of each approval card, proactive posts; absent: cards stay where asked */
  approvalPosts?: ApprovalPostsDeps;
  /** Teams ids (MRIs) of approvers the bot has seen, at most 60: approval cards refresh themselves for them */
  refreshUserIds?: readonly string[];
  /** for a card click: where the clicked card lives (the answer replaces it) */
  clickedCard?: { conversationId: string; activityId: string };
  /** replaces a card the bot posted earlier, for everyone in that conversation (updateActivity) */
  updateCard?: (conversationId: string, activityId: string, reply: CardReply) => Promise<void>;
  /** how long an approve click waits for the change before answering with the state so far (5000) */
  executionWaitMs?: number;
  /** the audit trail, for `verify audit trail` and `audit trail [n]`; absent → those say it is not kept */
  auditTrail?: AuditTrailReader;
}

/** What the audit trail commands read (AnchoredAuditTrail has it). */
export interface AuditTrailReader {
  verify(): Promise<AuditTrailVerdict>;
  /** newest first */
  latest(count: number): Promise<StoredAuditEntry[]>;
}
