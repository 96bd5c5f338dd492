import { DirectoryError } from '../../src/domain/directory-error';
import { LdapDirectory } from '../../src/directory/ldap-directory';
import { testDirectoryOptions } from '../support/dc';
import { startStallingServer } from '../support/stalling-ldap-server';

/**
 * Against the Samba DC: a server that answers StartTLS and then goes silent costs one request a
 * timeout; the next request on the same directory reconnects and is answered.
 */
describe('LdapDirectory after a stalled StartTLS (Samba DC)', () => {
  it('fails within the deadline, then the next request reconnects and works', async () => {
    const server = await startStallingServer('starttls-then-silent');
    // the DC's certificate names localhost; the relay listens on 127.0.0.1
    const directory = new LdapDirectory(
      testDirectoryOptions({
        urls: [server.url('ldap', 'localhost')],
        startTls: true,
        connectTimeoutMs: 300,
        timeoutMs: 300,
      }),
    );
    try {
      const error = await directory.findComputer('SRV01').then(
        () => null,
        (err: unknown) => err,
      );
      expect(error).toBeInstanceOf(DirectoryError);
      expect((error as DirectoryError).reason).toBe('timeout');

      server.mode = { proxyTo: 389 };
      expect((await directory.findComputer('SRV01'))?.name).toBe('SRV01');
      expect(server.connections).toBe(2);
    } finally {
      await directory.close();
      await server.close();
    }
  });
});
