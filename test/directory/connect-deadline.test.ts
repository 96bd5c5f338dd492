import { DirectoryError } from '../../src/domain/directory-error';
import { LdapDirectory } from '../../src/directory/ldap-directory';
import type { LdapDirectoryOptions } from '../../src/directory/ldap-directory';
import { startStallingServer, startTlsSuccess } from '../support/stalling-ldap-server';
import type { StallingServer } from '../support/stalling-ldap-server';

/**
 * One deadline (LDAP_CONNECT_TIMEOUT_MS + LDAP_TIMEOUT_MS) covers connect, StartTLS, the TLS handshake
 * and the bind. A server that answers StartTLS and then goes silent used to hold the shared
 * connection promise, and so every later request, forever.
 */

function options(urls: string[]): LdapDirectoryOptions {
  return {
    urls,
    bindDn: 'CN=svc-warden,DC=corp,DC=example,DC=test',
    bindPassword: 'not-a-real-password',
    baseDn: 'DC=corp,DC=example,DC=test',
    caCertPem: null,
    startTls: true,
    timeoutMs: 200,
    connectTimeoutMs: 200,
  };
}

/** The error of `promise`, or a failure if it is still pending after `guardMs` (it used to hang). */
async function failureWithin(promise: Promise<unknown>, guardMs: number): Promise<DirectoryError> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`still pending after ${guardMs} ms`)), guardMs);
  });
  try {
    await Promise.race([promise, guard]);
  } catch (err) {
    if (err instanceof DirectoryError) return err;
    throw err;
  } finally {
    clearTimeout(timer);
  }
  throw new Error('expected the call to fail');
}

describe('LdapDirectory connection deadline', () => {
  let server: StallingServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('encodes the StartTLS answer as an LDAP ExtendedResponse with the request id', () => {
    const request = Buffer.from([0x30, 0x1d, 0x02, 0x01, 0x07, 0x77, 0x18]);
    const answer = startTlsSuccess(request);
    expect([...answer.subarray(0, 7)]).toEqual([
      0x30,
      answer.length - 2,
      0x02,
      0x01,
      0x07,
      0x78,
      answer.length - 7,
    ]);
  });

  it.each(['silent', 'starttls-then-silent'] as const)(
    'a server that is %s fails the request with a timeout, and the next request connects anew',
    async (mode) => {
      server = await startStallingServer(mode);
      const stalling = server;
      const directory = new LdapDirectory(options([stalling.url('ldap')]));
      try {
        const first = await failureWithin(directory.findComputer('SRV01'), 10_000);
        expect(first.reason).toBe('timeout');
        // the shared connection promise is free again: a new attempt, a new connection
        const second = await failureWithin(directory.findComputer('SRV02'), 10_000);
        expect(second.reason).toBe('timeout');
        expect(stalling.connections).toBe(2);
      } finally {
        await directory.close();
      }
    },
  );

  it('moves on to the next URL when the first one stalls after StartTLS', async () => {
    const first = await startStallingServer('starttls-then-silent');
    server = first;
    const next = await startStallingServer('starttls-then-silent');
    const directory = new LdapDirectory(options([first.url('ldap'), next.url('ldap')]));
    try {
      const error = await failureWithin(directory.findComputer('SRV01'), 10_000);
      expect(error.reason).toBe('timeout');
      expect([first.connections, next.connections]).toEqual([1, 1]);
    } finally {
      await directory.close();
      await next.close();
    }
  });
});
