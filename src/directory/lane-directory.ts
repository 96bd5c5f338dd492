import type { Computer } from '../domain/computer';
import type { Directory } from '../domain/directory';
import type { ServiceAccount, ServiceAccountKind } from '../domain/service-account';

/** The two ways into the directory, each its own connection and searches-at-once cap. */
export interface DirectoryLanes {
  /** reads of a few named objects: find, show, the host's accounts */
  lookups: Directory;
  /** reads of every account or computer (list, "did you mean" names, large groups): seconds at scale */
  scans: Directory;
}

/**
 * The Directory port over two lanes: reads of named objects go down the lookups' lane; reads of
 * every account or every computer name go down the scans' lane (the audits' connection and slots),
 * so `list sMSAs` in a large domain never holds a lookup's slot.
 */
export class LaneDirectory implements Directory {
  constructor(private readonly lanes: DirectoryLanes) {}

  findComputer(host: string): Promise<Computer | null> {
    return this.lanes.lookups.findComputer(host);
  }

  findServiceAccount(name: string): Promise<ServiceAccount | null> {
    return this.lanes.lookups.findServiceAccount(name);
  }

  getServiceAccountsByDn(dns: readonly string[]): Promise<ServiceAccount[]> {
    return this.lanes.lookups.getServiceAccountsByDn(dns);
  }

  getComputersByDn(dns: readonly string[]): Promise<Computer[]> {
    return this.lanes.lookups.getComputersByDn(dns);
  }

  listComputerNames(): Promise<string[]> {
    return this.lanes.scans.listComputerNames();
  }

  listServiceAccounts(kinds?: readonly ServiceAccountKind[]): Promise<ServiceAccount[]> {
    return this.lanes.scans.listServiceAccounts(kinds);
  }

  async close(): Promise<void> {
    await Promise.all([this.lanes.lookups.close(), this.lanes.scans.close()]);
  }
}
