/** `class/host[:port][/service]` ([MS-ADTS] §2.2.21); null when the text has no `class/host` shape. */
export interface ServicePrincipalName {
  serviceClass: string;
  host: string;
  port: string | null;
  serviceName: string | null;
}

export function parseServicePrincipalName(spn: string): ServicePrincipalName | null {
  const parts = spn.split('/');
  const [serviceClass, hostAndPort, serviceName, ...rest] = parts;
  if (serviceClass === undefined || hostAndPort === undefined || rest.length > 0) return null;
  if (serviceClass === '' || hostAndPort === '') return null;
  const colon = hostAndPort.lastIndexOf(':');
  const host = colon < 0 ? hostAndPort : hostAndPort.slice(0, colon);
  if (host === '') return null;
  return {
    serviceClass,
    host,
    port: colon < 0 ? null : hostAndPort.slice(colon + 1),
    serviceName: serviceName === undefined || serviceName === '' ? null : serviceName,
  };
}

/** The host part (`MSSQLSvc/sql01.corp.example.test:1433` → `sql01.corp.example.test`); null if none. */
export function spnHost(spn: string): string | null {
  return parseServicePrincipalName(spn)?.host ?? null;
}

/** Whether the SPN's host part is one of `hostNames` (NetBIOS or DNS name, case-insensitive). */
export function spnNamesHost(spn: string, hostNames: readonly string[]): boolean {
  const host = parseServicePrincipalName(spn)?.host.toLowerCase();
  return host !== undefined && hostNames.some((name) => name.toLowerCase() === host);
}
