import { Socket, createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';

/**
 * A TCP relay on 127.0.0.1 in front of a real server (the test DC), which a test can turn into the
 * faults a bot meets: `cut()` is the server stopping (open connections reset, new ones refused on
 * the same port), `restore()` its start again, `freeze()` a server that stops answering on the
 * connections it has (a hung search) while new connections still work. Only the bot under test
 * goes through it, so nothing else sharing the DC notices.
 */
export interface TcpProxy {
  port: number;
  url(scheme: string): string;
  /** connections accepted so far */
  connections: number;
  cut(): Promise<void>;
  restore(): Promise<void>;
  freeze(): void;
  /** open connections stop relaying (bytes wait in the sockets) until `release()`: a slow server */
  hold(): void;
  release(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const pairs = new Set<{ client: Socket; upstream: Socket }>();
  const frozen = new Set<{ client: Socket; upstream: Socket }>();
  const held = new Set<{ client: Socket; upstream: Socket }>();
  let server: Server;
  let port = 0;

  const accept = (client: Socket): void => {
    state.connections++;
    const upstream = new Socket();
    const pair = { client, upstream };
    pairs.add(pair);
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
    upstream.connect(targetPort, targetHost);
    client.pipe(upstream);
    upstream.pipe(client);
    const end = (): void => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
  };
  const listen = (): Promise<void> =>
    new Promise((resolve, reject) => {
      server = createServer(accept);
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  const stop = async (): Promise<void> => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const { client, upstream } of pairs) {
      // a reset, as a stopped server's kernel answers
      client.resetAndDestroy();
      upstream.destroy();
    }
    pairs.clear();
    for (const { client, upstream } of frozen) {
      client.destroy();
      upstream.destroy();
    }
    frozen.clear();
    await closed;
  };

  const state: TcpProxy = {
    get port() {
      return port;
    },
    url: (scheme) => `${scheme}://127.0.0.1:${port}`,
    connections: 0,
    cut: stop,
    restore: listen,
    freeze: () => {
      for (const pair of pairs) {
        const { client, upstream } = pair;
        frozen.add(pair);
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
      // frozen connections stay open and silent; new ones relay as before
      pairs.clear();
    },
    hold: () => {
      for (const { client, upstream } of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
        held.add({ client, upstream });
      }
    },
    release: () => {
      for (const { client, upstream } of held) {
        client.pipe(upstream);
        upstream.pipe(client);
      }
      held.clear();
    },
    close: stop,
  };
  await listen();
  return state;
}
