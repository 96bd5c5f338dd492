import { type CardAnswer, card } from '../../cards/card-answer';
import { clipText } from '../views/clip-text';
import { describeRemediation, remediationPowerShell } from '../views/describe-remediation';
import type { FixRequestData } from '../views/finding-view';

export interface FixRequestCardView {
  title: string;
  lines: string[];
  facts: { label: string; value: string }[];
  powershell: string;
}

export function fixRequestView(request: FixRequestData): FixRequestCardView {
  const account = clipText(request.account, 64);
  const change =
    request.remediation === undefined
      ? 'the fix proposed by the finding below'
      : clipText(describeRemediation(request.remediation, request.account), 300);
  return {
    title: 'Fixing this needs an approver — approvals arrive with the approval flow',
    lines: [
      'Nothing was changed. Once the approval flow is in place, this button will ask an approver, who must be ' +
        'someone other than you, and the bot will re-check the finding before it changes anything.',
    ],
    facts: [
      { label: 'Proposed change', value: change },
      { label: 'Account', value: account },
      { label: 'Finding', value: clipText(request.title, 200) },
      { label: 'Finding key', value: clipText(request.key, 400) },
    ],
    powershell:
      request.remediation === undefined
        ? '# the change is named by the finding key; see the finding for the PowerShell'
        : remediationPowerShell(request.remediation, request.account),
  };
}

/**
 * A "Request fix" / "Request removal" click (verb `fix.request`). Until the approval flow exists this
 * only names the change and writes nothing; the approvals issue replaces this one function.
 */
export function answerFixRequest(request: FixRequestData): CardAnswer {
  const view = fixRequestView(request);
  return card('fix-request', view, view.title);
}
