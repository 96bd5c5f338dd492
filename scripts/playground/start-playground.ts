import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { waitForHttp } from './wait-for-http';

/** The people a Playground can be signed in as; each has a config file beside this module. */
export type PlaygroundUser = 'alex' | 'adele' | 'megan';

export interface PlaygroundOptions {
  /** the bot's Bot Framework endpoint, e.g. http://127.0.0.1:3978/api/messages */
  botEndpoint: string;
  /** 0 → a free port. The Playground silently takes a random port when this one is busy: check first. */
  port: number;
  /** its working folder: it writes devTools/m365agentsplayground.log there */
  cwd: string;
  /** who is signed in (default alex) */
  user?: PlaygroundUser;
  readyTimeoutMs?: number;
  /** its own process group, so a Ctrl-C in the terminal reaches only the caller, which stops it in order */
  detached?: boolean;
}

export interface RunningPlayground {
  /** the web UI, e.g. http://127.0.0.1:56150 */
  url: string;
  port: number;
  pid: number;
  logFile: string;
  /** SIGTERM, then SIGKILL after 5 s; resolves once the process is gone */
  stop(): Promise<void>;
  /** resolves when the process ends, for whatever reason */
  exited: Promise<void>;
}

export function playgroundConfigPath(user: PlaygroundUser): string {
  return path.join(__dirname, `${user}.m365agentsplayground.yml`);
}

export function playgroundCliPath(): string {
  return path.join(path.dirname(require.resolve('@microsoft/m365agentsplayground/package.json')), 'cli.js');
}

function logTail(file: string, lines = 15): string {
  if (!existsSync(file)) return '(no log file)';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * Starts Microsoft 365 Agents Playground in Teams mode pointed at a bot and waits for `/_debug/ping`.
 * An invalid config still prints "Listening on" before the process exits, so readiness is the ping,
 * and a failure carries the tail of the Playground's log file (where it writes the reason).
 */
export async function startPlayground(options: PlaygroundOptions): Promise<RunningPlayground> {
  mkdirSync(options.cwd, { recursive: true });
  const logFile = path.join(options.cwd, 'devTools', 'm365agentsplayground.log');
  const child = spawn(
    process.execPath,
    [playgroundCliPath(), '-e', options.botEndpoint, '-c', 'msteams', '--dt', '-p', String(options.port)],
    {
      cwd: options.cwd,
      env: {
        ...process.env,
        // No desktop: without this it runs xdg-open and exits.
        TEAMSAPPTESTER_BROWSER: 'none',
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: playgroundConfigPath(options.user ?? 'alex'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: options.detached ?? false,
    },
  );
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exitCode = code ?? (signal === null ? null : 128);
      resolve();
    });
  });
  let port: number | undefined;
  const output: string[] = [];
  const onData = (chunk: Buffer): void => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      output.push(line);
      if (output.length > 50) output.shift();
      const match = /Listening on (\d+)/.exec(line);
      if (match?.[1] !== undefined) port = Number(match[1]);
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);

  const stop = async (): Promise<void> => {
    if (exitCode !== undefined) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  const failure = (): string | undefined =>
    exitCode === undefined
      ? undefined
      : `the Playground exited (code ${String(exitCode)}) before it was ready.\n` +
        `Its output:\n${output.join('\n')}\nIts log (${logFile}):\n${logTail(logFile)}`;
  try {
    while (port === undefined) {
      const reason = failure();
      if (reason !== undefined) throw new Error(reason);
      if (Date.now() > deadline) throw new Error(`the Playground printed no "Listening on <port>" line`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const url = `http://127.0.0.1:${port}`;
    await waitForHttp(`${url}/_debug/ping`, {
      timeoutMs: Math.max(1_000, deadline - Date.now()),
      bodyIncludes: 'pong',
      gaveUp: failure,
    });
    if (child.pid === undefined) throw new Error('the Playground process has no pid');
    return { url, port, pid: child.pid, logFile, stop, exited };
  } catch (error) {
    await stop();
    throw error;
  }
}
