import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = path.join(__dirname, '..', '..');
const ENTRY = path.join(__dirname, 'bot-process-main.ts');
/** A start on a machine whose 2 cores run several test suites and DCs: generous, never a sleep. */
const LOAD_TIMEOUT_MS = 120_000;
const START_TIMEOUT_MS = 60_000;
const COMPILE_CACHE = path.join(tmpdir(), 'msa-warden-test-compile-cache');

/** One JSON log line of the child (pino: level, time, msg and the fields). */
export type LogLine = Record<string, unknown> & { msg?: string };

/**
 * The real bot as a separate process (`node --import tsx` on src/main.ts through
 * bot-process-main.ts), configured by environment like `npm start`. Spawned "warm": the modules load
 * at once, the bot starts on `start()`. `kill()` is kill -9.
 */
export class BotProcess {
  readonly logs: LogLine[] = [];
  /** stderr lines and stdout lines that are not JSON */
  readonly otherOutput: string[] = [];
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly loaded: Promise<void>;
  private waiters: Array<() => void> = [];
  private url: string | null = null;

  constructor(env: Record<string, string | undefined>) {
    this.child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
      cwd: ROOT,
      // the compile cache makes the next start cheaper
      env: { NODE_COMPILE_CACHE: COMPILE_CACHE, ...env, NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      try {
        this.logs.push(JSON.parse(line) as LogLine);
      } catch {
        this.otherOutput.push(line);
      }
      this.wake();
    });
    createInterface({ input: this.child.stderr }).on('line', (line) => {
      this.otherOutput.push(line);
      this.wake();
    });
    this.child.once('exit', () => this.wake());
    this.loaded = this.until(() => this.otherOutput.includes('loaded'), LOAD_TIMEOUT_MS, 'load');
    // a rejection nobody awaits yet must not end the test run
    this.loaded.catch(() => undefined);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The Bot Framework endpoint, once started. */
  get messagesUrl(): string {
    if (this.url === null) throw new Error('the bot process has not started');
    return this.url;
  }

  /** Runs main() and waits for "listening on …" (start-up settlement of crashed fixes is done by then). */
  async start(): Promise<string> {
    await this.loaded;
    this.child.stdin.write('start\n');
    await this.until(() => this.listening() !== null, START_TIMEOUT_MS, 'listen');
    this.url = this.listening();
    return this.messagesUrl;
  }

  /** Waits for a log line; the condition sees each line (not the time) so nothing depends on speed. */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs = 60_000): Promise<LogLine> {
    let found: LogLine | undefined;
    return this.until(() => (found = this.logs.find(match)) !== undefined, timeoutMs, 'log line').then(
      () => found!,
    );
  }

  /** kill -9: no handler runs, nothing is flushed or closed. */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }

  private listening(): string | null {
    for (const line of this.logs) {
      const match = /^listening on (http:\/\/\S+)$/.exec(line.msg ?? '');
      if (match) return match[1]!;
    }
    return null;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  private async until(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`the bot process ended before ${what}:\n${this.tail()}`);
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${what} from the bot process in ${timeoutMs} ms:\n${this.tail()}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 1000));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private tail(): string {
    const lines = [...this.otherOutput, ...this.logs.map((l) => JSON.stringify(l))];
    return lines.slice(-20).join('\n');
  }
}
