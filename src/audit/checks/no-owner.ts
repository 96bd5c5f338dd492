import type { Check } from '../check';
import { powershellQuote } from '../../domain/powershell-quote';
import { makeFinding } from '../make-finding';

/** Neither managedBy nor a description: nobody to ask, nothing says what it is for. */
export const noOwnerCheck: Check<'no-owner'> = {
  id: 'no-owner',
  severity: 'info',
  title: 'No owner or description',
  run(facts) {
    const { account } = facts;
    if (account.managedBy !== null || (account.description ?? '').trim() !== '') return [];
    return [
      makeFinding(noOwnerCheck, facts, {
        detail: 'no-owner',
        title: 'No owner (managedBy) and no description',
        evidence: [
          { label: 'managedBy', value: 'not set' },
          { label: 'description', value: 'not set' },
        ],
        why:
          'Nobody is named as responsible and nothing says what runs as this account: when a finding comes ' +
          'up there is no one to ask, and such accounts outlive their purpose.',
        mitigation:
          `Set-ADServiceAccount -Identity ${powershellQuote(account.samAccountName)} -ManagedBy <owner or team group> ` +
          "-Description '<service> on <server>, ticket …'",
      }),
    ];
  },
};
