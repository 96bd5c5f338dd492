import { Socket, createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { DirectoryError } from '../../src/domain/directory-error';
import { LdapDirectory } from '../../src/directory/ldap-directory';
import type { LdapDirectoryOptions } from '../../src/directory/ldap-directory';
import { testDirectoryOptions } from '../support/dc';

/**
 * How LdapDirectory behaves when servers misbehave: failover, timeouts, wrong password, untrusted
 * certificate, StartTLS. The Samba DC is the good server; the bad ones are local TCP servers.
 */

const GOOD_URL = 'ldaps://127.0.0.1:636';

/** A TCP server that accepts connections and never says a word. */
async function silentServer(): Promise<{ url: (scheme: string) => string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (scheme) => `${scheme}://127.0.0.1:${port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A TCP proxy to the DC that can be switched to black-hole mode: connections stay open, bytes go
 * nowhere. Lets one LdapDirectory see a working server go silent and come back.
 */
class SwitchableProxy {
  silent = false;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(
    targetPort: number,
    private readonly host = '127.0.0.1',
  ) {
    this.server = createServer((client) => {
      const upstream = new Socket();
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      upstream.connect(targetPort, '127.0.0.1');
      client.on('data', (chunk: Buffer) => {
        if (!this.silent) upstream.write(chunk);
      });
      upstream.on('data', (chunk: Buffer) => {
        if (!this.silent) client.write(chunk);
      });
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, this.host, resolve));
    return `ldaps://${this.host}:${(this.server.address() as AddressInfo).port}`;
  }

  /** Closes every open connection, as a DC does with idle ones; new connections still work. */
  dropConnections(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  async close(): Promise<void> {
    this.dropConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

async function failure(promise: Promise<unknown>): Promise<DirectoryError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof DirectoryError) return err;
    throw new Error(`expected a DirectoryError, got ${String(err)}`, { cause: err });
  }
  throw new Error('expected the call to fail');
}

async function withDirectory<T>(
  overrides: Partial<LdapDirectoryOptions>,
  use: (directory: LdapDirectory) => Promise<T>,
): Promise<T> {
  const directory = new LdapDirectory(testDirectoryOptions(overrides));
  try {
    return await use(directory);
  } finally {
    await directory.close();
  }
}

describe('LdapDirectory connections', () => {
  it('fails over from a refused URL to the next one', async () => {
    await withDirectory({ urls: ['ldaps://127.0.0.1:1', GOOD_URL] }, async (directory) => {
      expect((await directory.findComputer('SRV01'))?.name).toBe('SRV01');
    });
  });

  it('fails over from a server that never completes the TLS handshake', async () => {
    const silent = await silentServer();
    try {
      await withDirectory(
        { urls: [silent.url('ldaps'), GOOD_URL], connectTimeoutMs: 500 },
        async (directory) => {
          expect((await directory.findComputer('SRV02'))?.name).toBe('SRV02');
        },
      );
    } finally {
      await silent.close();
    }
  });

  it('reports unreachable when no URL answers', async () => {
    await withDirectory({ urls: ['ldaps://127.0.0.1:1', 'ldaps://127.0.0.1:2'] }, async (directory) => {
      const error = await failure(directory.findComputer('SRV01'));
      expect(error.reason).toBe('unreachable');
    });
  });

  it('a silent server ends in a timeout error, and the process keeps serving', async () => {
    const silent = await silentServer();
    try {
      // ldaps: the TLS handshake never completes (connect timeout)
      await withDirectory(
        { urls: [silent.url('ldaps')], connectTimeoutMs: 300, timeoutMs: 300 },
        async (d) => {
          expect(['timeout', 'unreachable']).toContain((await failure(d.findComputer('SRV01'))).reason);
        },
      );
      // ldap + StartTLS: connected, but the StartTLS request is never answered (request timeout)
      await withDirectory(
        { urls: [silent.url('ldap')], startTls: true, connectTimeoutMs: 300, timeoutMs: 300 },
        async (d) => {
          expect((await failure(d.findComputer('SRV01'))).reason).toBe('timeout');
        },
      );
      await withDirectory({}, async (d) => {
        expect((await d.findComputer('SRV01'))?.name).toBe('SRV01');
      });
    } finally {
      await silent.close();
    }
  });

  it('a server that goes silent mid-session times out; the next call reconnects', async () => {
    const proxy = new SwitchableProxy(636);
    const url = await proxy.listen();
    try {
      await withDirectory({ urls: [url], timeoutMs: 400, connectTimeoutMs: 400 }, async (directory) => {
        expect((await directory.findComputer('SRV01'))?.name).toBe('SRV01');
        proxy.silent = true;
        expect((await failure(directory.findComputer('SRV02'))).reason).toBe('timeout');
        proxy.silent = false;
        expect((await directory.findComputer('SRV02'))?.name).toBe('SRV02');
      });
    } finally {
      await proxy.close();
    }
  });

  it('reconnects after the server closed the connection', async () => {
    const proxy = new SwitchableProxy(636);
    const url = await proxy.listen();
    try {
      await withDirectory({ urls: [url] }, async (directory) => {
        expect((await directory.findComputer('SRV01'))?.name).toBe('SRV01');
        proxy.dropConnections();
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect((await directory.findComputer('SRV02'))?.name).toBe('SRV02');
      });
    } finally {
      await proxy.close();
    }
  });

  it('a wrong password is bind-failed, and the message does not contain it', async () => {
    const password = 'Wrong-Pa55word-zq81';
    await withDirectory({ bindPassword: password }, async (directory) => {
      const error = await failure(directory.findComputer('SRV01'));
      expect(error.reason).toBe('bind-failed');
      expect(error.resultCode).toBe(49);
      expect(error.message).not.toContain(password);
      expect(JSON.stringify(error)).not.toContain(password);
      expect(String(error.stack)).not.toContain(password);
    });
  });

  it('a wrong password on the first URL does not fail over to the second', async () => {
    await withDirectory({ urls: [GOOD_URL, GOOD_URL], bindPassword: 'nope-nope-1A' }, async (directory) => {
      expect((await failure(directory.listComputerNames())).reason).toBe('bind-failed');
    });
  });

  it('an empty password is refused before any anonymous bind', async () => {
    await withDirectory({ bindPassword: '' }, async (directory) => {
      expect((await failure(directory.findComputer('SRV01'))).reason).toBe('bind-failed');
    });
  });

  it('an untrusted certificate is a tls error (verification stays on)', async () => {
    await withDirectory({ caCertPem: null }, async (directory) => {
      expect((await failure(directory.findComputer('SRV01'))).reason).toBe('tls');
    });
  });

  it('a name the certificate does not list is a tls error', async () => {
    // The certificate names localhost, 127.0.0.1 and ::1; a proxy on 127.0.0.2 reaches the same DC.
    const proxy = new SwitchableProxy(636, '127.0.0.2');
    const url = await proxy.listen();
    try {
      await withDirectory({ urls: [url] }, async (directory) => {
        expect((await failure(directory.findComputer('SRV01'))).reason).toBe('tls');
      });
    } finally {
      await proxy.close();
    }
  });

  it('ldaps://localhost works (the certificate names it)', async () => {
    await withDirectory({ urls: ['ldaps://localhost:636'] }, async (directory) => {
      expect((await directory.findComputer('SRV01'))?.name).toBe('SRV01');
    });
  });

  it('ldap:// with StartTLS works', async () => {
    await withDirectory({ urls: ['ldap://localhost:389'], startTls: true }, async (directory) => {
      expect((await directory.findComputer('SRV01'))?.name).toBe('SRV01');
    });
  });

  it('ldap:// without StartTLS is refused by the DC (strong auth required)', async () => {
    await withDirectory({ urls: ['ldap://127.0.0.1:389'], startTls: false }, async (directory) => {
      expect((await failure(directory.findComputer('SRV01'))).reason).toBe('strong-auth-required');
    });
  });

  it('a wrong base DN is no-such-object', async () => {
    await withDirectory({ baseDn: 'DC=nowhere,DC=example,DC=test' }, async (directory) => {
      expect((await failure(directory.listServiceAccounts())).reason).toBe('no-such-object');
    });
  });

  it('serves concurrent calls over one connection', async () => {
    await withDirectory({}, async (directory) => {
      const results = await Promise.all(
        ['SRV01', 'SRV02', 'WEB01', 'SQL01'].map((h) => directory.findComputer(h)),
      );
      expect(results.map((c) => c?.name)).toEqual(['SRV01', 'SRV02', 'WEB01', 'SQL01']);
    });
  });
});
