import type { AuditConfig } from '../../domain/audit-config';
import { powershellQuote } from '../../domain/powershell-quote';

/** The attributes the checks read, as Get-ADServiceAccount property names. */
export const AUDIT_PROPERTIES =
  'memberOf,adminCount,servicePrincipalName,userAccountControl,msDS-AllowedToDelegateTo,' +
  'PrincipalsAllowedToDelegateToAccount,PrincipalsAllowedToRetrieveManagedPassword,' +
  'msDS-SupportedEncryptionTypes,PasswordLastSet,LastLogonDate,msDS-HostServiceAccountBL,ManagedBy,' +
  'Description,nTSecurityDescriptor';

export function auditAllPowerShell(): string {
  return `Get-ADServiceAccount -Filter * -Properties ${AUDIT_PROPERTIES}`;
}

export function auditHostPowerShell(host: string): string {
  return (
    `Get-ADComputer -Identity ${powershellQuote(host)} -Properties msDS-HostServiceAccount | ` +
    `Select-Object -ExpandProperty msDS-HostServiceAccount | Get-ADServiceAccount -Properties ${AUDIT_PROPERTIES}`
  );
}

export function auditAccountPowerShell(account: string): string {
  return `Get-ADServiceAccount -Identity ${powershellQuote(account)} -Properties ${AUDIT_PROPERTIES}`;
}

/**
 * Every MSA with the privileged groups it is in, nested included: tokenGroups holds every security
 * group SID in the account's token, matched by SID like the check does (names are localised).
 * tokenGroups is constructed, so it is read per account (-Identity), not with -Filter.
 */
export function auditPrivilegedPowerShell(config: AuditConfig): string {
  const sids = config.privilegedBuiltinSids.map(powershellQuote).join(',');
  const rids = config.privilegedDomainRids.filter((rid) => Number.isInteger(rid)).join('|');
  const extras = config.extraPrivilegedGroups.map(powershellQuote).join(',');
  const name = '$_.Translate([Security.Principal.NTAccount]).Value';
  const tests = [
    sids === '' ? null : `$_.Value -in @(${sids})`,
    rids === '' ? null : `$_.Value -match '^S-1-5-21-.*-(${rids})$'`,
    extras === '' ? null : `$_.Value -in @(${extras}) -or ${name}.Split('\\')[-1] -in @(${extras})`,
  ].filter((t): t is string => t !== null);
  return (
    'Get-ADServiceAccount -Filter * | ForEach-Object { ' +
    '$a = Get-ADServiceAccount -Identity $_ -Properties tokenGroups; ' +
    `$a.tokenGroups | Where-Object { ${tests.length > 0 ? tests.join(' -or ') : '$false'} } | ` +
    `ForEach-Object { [pscustomobject]@{ Account = $a.SamAccountName; Group = ${name}; SID = $_.Value } } }`
  );
}
