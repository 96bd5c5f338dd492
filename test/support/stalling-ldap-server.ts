import { Socket, createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

const START_TLS_OID = '1.3.6.1.4.1.1466.20037';

/**
 * An LDAP ExtendedResponse (success) to the request in `request`, with the same message id: what a
 * server answers to StartTLS just before the TLS handshake. Hand-written BER (short lengths only).
 */
export function startTlsSuccess(request: Buffer): Buffer {
  // LDAPMessage ::= SEQUENCE { messageID INTEGER, ... }: 0x30 len 0x02 idLen id…
  if (request[0] !== 0x30 || request[1]! >= 0x80 || request[2] !== 0x02) {
    throw new Error('unexpected LDAP request encoding');
  }
  const messageId = request.subarray(2, 4 + request[3]!);
  const oid = Buffer.from(START_TLS_OID, 'latin1');
  const body = Buffer.concat([
    Buffer.from([0x0a, 0x01, 0x00]), // resultCode success
    Buffer.from([0x04, 0x00]), // matchedDN ''
    Buffer.from([0x04, 0x00]), // diagnosticMessage ''
    Buffer.from([0x8a, oid.length]), // responseName [10]
    oid,
  ]);
  const response = Buffer.concat([Buffer.from([0x78, body.length]), body]); // [APPLICATION 24]
  return Buffer.concat([Buffer.from([0x30, messageId.length + response.length]), messageId, response]);
}

export type StallMode = 'silent' | 'starttls-then-silent' | { proxyTo: number };

export interface StallingServer {
  url: (scheme: string, host?: string) => string;
  /** what the next connections do */
  mode: StallMode;
  /** connections accepted so far */
  connections: number;
  close(): Promise<void>;
}

/**
 * A TCP server on 127.0.0.1 that accepts and then either never says a word, answers the StartTLS
 * request and then never says a word (so the TLS handshake never starts), or relays to a real
 * server on loopback.
 */
export async function startStallingServer(mode: StallMode): Promise<StallingServer> {
  const sockets = new Set<Socket>();
  const state: StallingServer = {
    mode,
    connections: 0,
    url: (scheme, host = '127.0.0.1') => `${scheme}://${host}:${(server.address() as AddressInfo).port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const keep = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  };
  const server = createServer((client) => {
    keep(client);
    state.connections++;
    const current = state.mode;
    if (current === 'silent') return;
    if (current === 'starttls-then-silent') {
      client.once('data', (request: Buffer) => client.write(startTlsSuccess(request)));
      return;
    }
    const upstream = new Socket();
    keep(upstream);
    upstream.connect(current.proxyTo, '127.0.0.1');
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return state;
}
