import type { ServiceAccount } from '../../domain/service-account';
import { clipList } from './clip-text';

/** Kerberos delegation settings in an admin's words, one line each; `None` when nothing is set. */
export function describeDelegation(account: ServiceAccount, maxTargets = 10): string[] {
  const lines: string[] = [];
  if (account.trustedForDelegation) {
    lines.push('Unconstrained: it can impersonate any user to any service');
  }
  const targets = account.allowedToDelegateTo;
  const protocolTransition = account.trustedToAuthForDelegation;
  if (targets.length > 0) {
    lines.push(
      protocolTransition
        ? `Constrained with protocol transition (any authentication) to ${targets.length === 1 ? '1 service' : `${targets.length} services`}:`
        : `Constrained, Kerberos only, to ${targets.length === 1 ? '1 service' : `${targets.length} services`}:`,
    );
    lines.push(...clipList(targets, maxTargets, 120).map((t) => `  ${t}`));
  } else if (protocolTransition) {
    lines.push('Protocol transition allowed (no delegation targets listed)');
  }
  if (account.notDelegated) lines.push('Sensitive: it cannot be delegated');
  return lines.length > 0 ? lines : ['None'];
}
