import { parseServicePrincipalName } from '../../domain/service-principal-name';
import type { Check } from '../check';
import { makeFinding } from '../make-finding';

/** HOST and RestrictedKrbHost stand for the machine itself, not for a separate service. */
const machineClasses = new Set(['host', 'restrictedkrbhost']);

/** SPNs naming several service classes (MSSQLSvc/… and HTTP/…): one identity for several services. */
export const sharedIdentityCheck: Check<'shared-identity'> = {
  id: 'shared-identity',
  severity: 'low',
  title: 'One identity for several services',
  run(facts) {
    const classes = new Map<string, string>();
    for (const spn of facts.account.servicePrincipalNames) {
      const serviceClass = parseServicePrincipalName(spn)?.serviceClass ?? '';
      const key = serviceClass.toLowerCase();
      if (key !== '' && !machineClasses.has(key) && !classes.has(key)) classes.set(key, serviceClass);
    }
    if (classes.size < 2) return [];
    const keys = [...classes.keys()].sort();
    const shown = keys.map((k) => classes.get(k) ?? k);
    return [
      makeFinding(sharedIdentityCheck, facts, {
        detail: keys.join('+'),
        title: `Runs ${classes.size} kinds of service: ${shown.join(', ')}`,
        evidence: [{ label: 'servicePrincipalName', value: facts.account.servicePrincipalNames.join(', ') }],
        why:
          'One account for several services means a compromise of either exposes both, and the security log ' +
          'cannot tell which service did what.',
        mitigation:
          'Give each service its own sMSA or gMSA and move its SPNs (setspn -D on this one, setspn -S on the new one).',
      }),
    ];
  },
};
