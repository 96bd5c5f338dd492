import { z } from 'zod';
import type { RemediationProposal } from '../domain/finding';

/**
 * What an approval asks the bot to change on one account: the six fixes a finding may propose and
 * their inverses (an undo is itself a new request). Plain JSON, kept in the store as the
 * approval's action params together with the target DN and the requester's justification.
 */
export type ApprovalAction =
  | { kind: 'remove-from-group'; groupDn: string; groupName: string }
  | { kind: 'add-to-group'; groupDn: string; groupName: string }
  | { kind: 'clear-unconstrained-delegation' }
  | { kind: 'restore-unconstrained-delegation' }
  /** `all`, or the chosen SPNs (matched case-insensitively against what is stored) */
  | { kind: 'remove-delegation-targets'; targets: 'all' | string[] }
  | { kind: 'restore-delegation-targets'; targets: string[] }
  | { kind: 'clear-rbcd' }
  /** base64 of the msDS-AllowedToActOnBehalfOfOtherIdentity descriptor to put back */
  | { kind: 'restore-rbcd'; descriptor: string }
  | { kind: 'disable-account' }
  | { kind: 'enable-account' }
  | { kind: 'set-aes-only' }
  /** the msDS-SupportedEncryptionTypes value to put back; null = not set */
  | { kind: 'restore-encryption-types'; value: number | null };

export type ApprovalActionKind = ApprovalAction['kind'];

const text = z.string().min(1).max(2048);

export const approvalActionSchema: z.ZodType<ApprovalAction> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('remove-from-group'), groupDn: text, groupName: text }),
  z.object({ kind: z.literal('add-to-group'), groupDn: text, groupName: text }),
  z.object({ kind: z.literal('clear-unconstrained-delegation') }),
  z.object({ kind: z.literal('restore-unconstrained-delegation') }),
  z.object({
    kind: z.literal('remove-delegation-targets'),
    targets: z.union([z.literal('all'), z.array(text).min(1).max(1000)]),
  }),
  z.object({ kind: z.literal('restore-delegation-targets'), targets: z.array(text).min(1).max(1000) }),
  z.object({ kind: z.literal('clear-rbcd') }),
  z.object({ kind: z.literal('restore-rbcd'), descriptor: z.string().min(1).max(65536) }),
  z.object({ kind: z.literal('disable-account') }),
  z.object({ kind: z.literal('enable-account') }),
  z.object({ kind: z.literal('set-aes-only') }),
  z.object({
    kind: z.literal('restore-encryption-types'),
    value: z.number().int().min(0).max(0xffffffff).nullable(),
  }),
]);

/** What the store keeps as `action.params`: the change, where, and why. */
export interface ApprovalRequestParams {
  change: ApprovalAction;
  accountDn: string;
  justification: string;
  /** the approval this one undoes */
  undoOf: string | null;
}

export const approvalRequestParamsSchema: z.ZodType<ApprovalRequestParams> = z.object({
  change: approvalActionSchema,
  accountDn: text,
  justification: z.string().min(1).max(2000),
  undoOf: z.string().nullable(),
});

/** The action a finding's "Request fix" button asks for (an empty target list means all targets). */
export function actionFromProposal(proposal: RemediationProposal): ApprovalAction {
  switch (proposal.kind) {
    case 'remove-from-group':
      return { kind: 'remove-from-group', groupDn: proposal.groupDn, groupName: proposal.groupName };
    case 'remove-delegation-targets':
      return {
        kind: 'remove-delegation-targets',
        targets: proposal.targets.length === 0 ? 'all' : [...proposal.targets],
      };
    case 'clear-unconstrained-delegation':
    case 'clear-rbcd':
    case 'disable-account':
    case 'set-aes-only':
      return { kind: proposal.kind };
  }
}
