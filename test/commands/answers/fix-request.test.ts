import { ApprovalService } from '../../../src/approvals/approval-service';
import { FIXES_NOT_ENABLED } from '../../../src/commands/answers/fix-request';
import { answerCardVerb as answerCardAction } from '../../../src/commands/route';
import { openStore } from '../../../src/store/open-store';
import { storePorts } from '../../../src/store/store-ports';
import { FakeDirectoryWriter } from '../../support/fake-directory-writer';
import { describeRemediation, remediationPowerShell } from '../../../src/commands/views/describe-remediation';
import type { RemediationProposal } from '../../../src/domain/finding';
import { fixtureDeps } from '../../support/fake-audit-source';
import {
  NOW,
  cardText,
  executeActions,
  onlyValidCard,
  powershellOf,
  texts,
} from '../../support/card-inspect';

const deps = () => fixtureDeps(NOW);

const request = {
  findingKey: 'privileged-membership:0f6b2a8e-3b1c-4d2e-9f10-000000000102:S-1-5-32-544',
  account: 'svc_web01$',
  title: 'Nested member of Administrators',
  remediation: {
    kind: 'remove-from-group',
    groupDn: 'CN=Tier0 Service Ops,OU=Groups,DC=corp,DC=example,DC=test',
    groupName: 'Tier0 Service Ops',
  },
};

const withoutKey = ({ findingKey: _, ...rest }: typeof request) => rest;

describe('fix.request', () => {
  it('without a fixer account: says fixes are not enabled, names the change, offers no submit', async () => {
    const d = deps();
    const reply = await answerCardAction('fix.request', request, d);
    const card = onlyValidCard(reply);
    expect(texts(card)[0]).toBe('Fixes need the approval flow');
    expect(cardText(card)).toContain(FIXES_NOT_ENABLED);
    expect(executeActions(card, 'fix.submit')).toEqual([]);
    expect(JSON.stringify(card)).not.toContain('Input.Text');
    const text = cardText(card);
    expect(text).toContain('Proposed change: \nRemove svc_web01$ from the group Tier0 Service Ops');
    expect(text).toContain(`Finding key: \n${request.findingKey}`);
    expect(text).toContain('Nothing was changed.');
    expect(powershellOf(card)).toBe(
      "Remove-ADGroupMember -Identity 'CN=Tier0 Service Ops,OU=Groups,DC=corp,DC=example,DC=test' -Members 'svc_web01$'",
    );
    // nothing was read, let alone written
    expect(d.directory.calls).toEqual([]);
    expect(d.auditSource.calls).toEqual([]);
    expect(reply.summary).toBe(texts(card)[0]);
  });

  it('with a fixer account: a required justification and "Submit request" carrying the finding', async () => {
    const store = await openStore({ kind: 'sqlite', path: ':memory:' });
    try {
      const approvals = new ApprovalService({
        store: storePorts(store),
        writer: new FakeDirectoryWriter(),
        policy: { approvalsRequired: 1, ttlMs: 86_400_000 },
      });
      const d = { ...deps(), approvals };
      const card = onlyValidCard(await answerCardAction('fix.request', request, d));
      expect(texts(card)[0]).toBe('Request a fix');
      const input = JSON.stringify(card);
      expect(input).toContain('"type":"Input.Text","id":"justification"');
      expect(input).toContain('"isRequired":true');
      const [submit] = executeActions(card, 'fix.submit');
      expect(submit?.data).toEqual(request);
      // nothing was read or written: the request is made by "Submit request"
      expect(d.directory.calls).toEqual([]);
      expect(await approvals.listPending()).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('names the finding by its key when the button carries no proposal', async () => {
    const { remediation: _, ...keyOnly } = request;
    const card = onlyValidCard(await answerCardAction('fix.request', keyOnly, deps()));
    expect(cardText(card)).toContain('Proposed change: \nthe fix proposed by the finding below');
    expect(cardText(card)).toContain(request.findingKey);
  });

  it.each<[string, unknown]>([
    ['no key', { ...request, findingKey: '' }],
    // the name before the Playground fix: such a button is out of date, never half-read
    ['a key under its old name', { ...withoutKey(request), key: request.findingKey }],
    ['an unknown remediation', { ...request, remediation: { kind: 'delete-domain' } }],
    ['a group change without a group', { ...request, remediation: { kind: 'remove-from-group' } }],
    [
      'targets that are not strings',
      { ...request, remediation: { kind: 'remove-delegation-targets', targets: [1] } },
    ],
    [
      'too many targets',
      { ...request, remediation: { kind: 'remove-delegation-targets', targets: Array(101).fill('x') } },
    ],
    ['no account', { findingKey: request.findingKey, title: 't' }],
  ])('answers %s with the out-of-date card', async (_label, data) => {
    expect(texts(onlyValidCard(await answerCardAction('fix.request', data, deps())))[0]).toBe(
      'This button is out of date',
    );
  });
});

describe('remediations in words and PowerShell', () => {
  const cases: Array<[RemediationProposal, string, string]> = [
    [
      { kind: 'clear-unconstrained-delegation' },
      'Clear unconstrained delegation ("trusted for delegation") on svc$',
      "Set-ADAccountControl -Identity 'svc$' -TrustedForDelegation $false",
    ],
    [
      { kind: 'remove-delegation-targets', targets: ['cifs/fs01', "http/o'neil"] },
      'Remove 2 delegation targets from svc$',
      "Set-ADServiceAccount -Identity 'svc$' -Remove @{'msDS-AllowedToDelegateTo'=@('cifs/fs01','http/o''neil')}",
    ],
    [
      { kind: 'remove-delegation-targets', targets: ['cifs/fs01'] },
      'Remove the delegation target from svc$',
      "Set-ADServiceAccount -Identity 'svc$' -Remove @{'msDS-AllowedToDelegateTo'=@('cifs/fs01')}",
    ],
    [
      { kind: 'clear-rbcd' },
      'Clear resource-based delegation (who may act on behalf of others to svc$)',
      "Set-ADServiceAccount -Identity 'svc$' -PrincipalsAllowedToDelegateToAccount $null",
    ],
    [{ kind: 'disable-account' }, 'Disable svc$', "Disable-ADAccount -Identity 'svc$'"],
    [
      { kind: 'set-aes-only' },
      'Set the Kerberos encryption types of svc$ to AES only',
      "Set-ADServiceAccount -Identity 'svc$' -KerberosEncryptionType AES128,AES256",
    ],
  ];
  it.each(cases)('%j', (proposal, words, ps) => {
    expect(describeRemediation(proposal, 'svc$')).toBe(words);
    expect(remediationPowerShell(proposal, 'svc$')).toBe(ps);
  });
});
