import { type CardAnswer, card } from '../../cards/card-answer';
import type { AnswerDeps } from '../answer-deps';
import { clipText } from '../views/clip-text';
import { describeRemediation, remediationPowerShell } from '../views/describe-remediation';
import type { FixRequestData } from '../views/finding-view';

export interface FixRequestCardView {
  title: string;
  lines: string[];
  facts: { label: string; value: string }[];
  powershell: string;
  /** the justification box and "Submit request" (fixes enabled and a change the bot can make) */
  enabled: boolean;
  /** the data "Submit request" sends back (verb `fix.submit`), the justification added by the client */
  submit: FixRequestData | Record<string, never>;
}

export const FIXES_NOT_ENABLED =
  'Fixes are not enabled: this bot has no fixer account (LDAP_FIX_BIND_DN), so it only reports.';

export function fixRequestView(request: FixRequestData, fixesEnabled: boolean): FixRequestCardView {
  const account = clipText(request.account, 64);
  const change =
    request.remediation === undefined
      ? 'the fix proposed by the finding below'
      : clipText(describeRemediation(request.remediation, request.account), 300);
  const enabled = fixesEnabled && request.remediation !== undefined;
  const lines = !fixesEnabled
    ? [FIXES_NOT_ENABLED, 'Nothing was changed.']
    : request.remediation === undefined
      ? ['This finding carries no change the bot can make; fix it by hand. Nothing was changed.']
      : [
          'Nothing is changed yet. Say why, then submit: an approver (someone other than you) must approve, ' +
            'and the bot re-checks the account right before it changes anything.',
        ];
  return {
    title: enabled ? 'Request a fix' : 'Fixes need the approval flow',
    lines,
    facts: [
      { label: 'Proposed change', value: change },
      { label: 'Account', value: account },
      { label: 'Finding', value: clipText(request.title, 200) },
      { label: 'Finding key', value: clipText(request.findingKey, 400) },
    ],
    powershell:
      request.remediation === undefined
        ? '# the change is named by the finding key; see the finding for the PowerShell'
        : remediationPowerShell(request.remediation, request.account),
    enabled,
    submit: enabled ? request : {},
  };
}

/**
 * A "Request fix" / "Request removal" click (verb `fix.request`): the request card with a required
 * justification and "Submit request" (verb `fix.submit`). Reads and writes nothing.
 */
export function answerFixRequest(request: FixRequestData, deps: AnswerDeps): CardAnswer {
  const view = fixRequestView(request, deps.approvals?.fixesEnabled ?? false);
  return card('fix-request', view, view.title);
}
