import { LaneDirectory } from '../../src/directory/lane-directory';
import type { Directory } from '../../src/domain/directory';

/** Records which lane each read went down. */
function lane(name: string, calls: string[]): Directory {
  const record = <T>(method: string, value: T): Promise<T> => {
    calls.push(`${name}:${method}`);
    return Promise.resolve(value);
  };
  return {
    findComputer: () => record('findComputer', null),
    listComputerNames: () => record('listComputerNames', []),
    findServiceAccount: () => record('findServiceAccount', null),
    listServiceAccounts: () => record('listServiceAccounts', []),
    getServiceAccountsByDn: () => record('getServiceAccountsByDn', []),
    getComputersByDn: () => record('getComputersByDn', []),
    close: () => record('close', undefined),
  };
}

describe('LaneDirectory', () => {
  it('reads named objects down the lookups lane and whole-directory lists down the scans lane', async () => {
    const calls: string[] = [];
    const directory = new LaneDirectory({ lookups: lane('lookups', calls), scans: lane('scans', calls) });
    await directory.findComputer('SRV01');
    await directory.findServiceAccount('svc_sql01');
    await directory.getServiceAccountsByDn(['CN=a']);
    await directory.getComputersByDn(['CN=b']);
    await directory.listServiceAccounts(['sMSA']);
    await directory.listComputerNames();
    expect(calls).toEqual([
      'lookups:findComputer',
      'lookups:findServiceAccount',
      'lookups:getServiceAccountsByDn',
      'lookups:getComputersByDn',
      'scans:listServiceAccounts',
      'scans:listComputerNames',
    ]);
  });

  it('closes both lanes', async () => {
    const calls: string[] = [];
    await new LaneDirectory({ lookups: lane('lookups', calls), scans: lane('scans', calls) }).close();
    expect(calls.sort()).toEqual(['lookups:close', 'scans:close']);
  });
});
