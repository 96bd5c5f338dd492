import { inspect } from 'node:util';
import { LdapDirectory } from '../../src/directory/ldap-directory';
import type { LdapDirectoryOptions } from '../../src/directory/ldap-directory';
import { DirectoryError } from '../../src/domain/directory-error';
import { ConcurrencyGate } from '../../src/limits/concurrency-gate';

/** What needs no server; everything else is in ldap-directory.int.test.ts and connection.int.test.ts. */

const PASSWORD = 'Sup3r-Secret-Bind-Pw';
const options = (overrides: Partial<LdapDirectoryOptions> = {}): LdapDirectoryOptions => ({
  urls: ['ldaps://127.0.0.1:1'], // nothing listens on port 1
  bindDn: 'CN=msa-warden-bot,CN=Users,DC=corp,DC=example,DC=test',
  bindPassword: PASSWORD,
  baseDn: 'DC=corp,DC=example,DC=test',
  caCertPem: null,
  startTls: false,
  timeoutMs: 1000,
  connectTimeoutMs: 1000,
  ...overrides,
});

describe('LdapDirectory (no server)', () => {
  it('needs at least one URL', () => {
    expect(() => new LdapDirectory(options({ urls: [] }))).toThrow(RangeError);
  });

  it('never shows the password when inspected or serialised', () => {
    const directory = new LdapDirectory(options());
    expect(inspect(directory, { depth: 10, showHidden: true })).not.toContain(PASSWORD);
    expect(JSON.stringify(directory)).not.toContain(PASSWORD);
  });

  it('connects lazily and reports an unreachable server without the password', async () => {
    const directory = new LdapDirectory(options());
    const error = await directory.findComputer('SRV01').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(DirectoryError);
    expect((error as DirectoryError).reason).toBe('unreachable');
    expect((error as DirectoryError).message).toContain('ldaps://127.0.0.1:1');
    expect((error as DirectoryError).message).not.toContain(PASSWORD);
    await directory.close();
  });

  it('turns a search the gate refuses into DirectoryError busy, without trying to connect', async () => {
    // no slot and no room to wait: every search is refused before the (unreachable) server is tried
    const gate = new ConcurrencyGate({ maxConcurrent: 1, maxQueued: 0, maxWaitMs: 1000 });
    let release = (): void => undefined;
    const holding = gate.run(() => new Promise<void>((resolve) => (release = resolve)));
    const directory = new LdapDirectory(options({ gate }));
    const error = await directory.findComputer('SRV01').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(DirectoryError);
    expect((error as DirectoryError).reason).toBe('busy');
    expect(gate.stats()).toMatchObject({ started: 1, refusedQueueFull: 1 });
    release();
    await holding;
    // with a slot free the search runs (and meets the unreachable server)
    await expect(directory.findComputer('SRV01')).rejects.toMatchObject({ reason: 'unreachable' });
    expect(gate.stats()).toMatchObject({ active: 0, started: 2 });
    await directory.close();
  });

  it('answers trivial questions without a server', async () => {
    const directory = new LdapDirectory(options());
    expect(await directory.findComputer('   ')).toBeNull();
    expect(await directory.findServiceAccount('')).toBeNull();
    expect(await directory.listServiceAccounts([])).toEqual([]);
    expect(await directory.getServiceAccountsByDn([])).toEqual([]);
    expect(await directory.getComputersByDn([])).toEqual([]);
    await directory.close();
  });
});
