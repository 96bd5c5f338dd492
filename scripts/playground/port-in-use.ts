import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    // No host: the dual-stack wildcard, which collides with a listener on any local address.
    server.listen({ port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Who listens on `port`, from `ss` when it is there and allowed to say. */
function listener(port: number): string | undefined {
  try {
    const out = execFileSync('ss', ['-Hltnp', `sport = :${port}`], { encoding: 'utf8', timeout: 3_000 });
    const match = /users:\(\("([^"]+)",pid=(\d+)/.exec(out);
    return match === null ? undefined : `${match[1]} (pid ${match[2]})`;
  } catch {
    return undefined;
  }
}

/** undefined when `port` is free; otherwise a sentence naming the port and, if known, its owner. */
export async function portInUse(port: number): Promise<string | undefined> {
  if (await canListen(port)) return undefined;
  const owner = listener(port);
  return `port ${port} is already in use${owner === undefined ? '' : ` by ${owner}`}`;
}
