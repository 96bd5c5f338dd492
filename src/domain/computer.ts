export interface Computer {
  distinguishedName: string;
  /** cn / NetBIOS name, e.g. `SRV01` */
  name: string;
  /** sAMAccountName, e.g. `SRV01$` */
  samAccountName: string;
  /** dNSHostName, e.g. `srv01.corp.example.test`; null when not set */
  dnsHostName: string | null;
  sid: string;
  enabled: boolean;
  operatingSystem: string | null;
  /** DNs of the service accounts linked to this computer (msDS-HostServiceAccount) */
  hostedServiceAccountDns: string[];
}
