/**
 * `npm run demo`: a demo domain controller (Samba AD DC on loopback, seeded with the fixture
 * domain), the bot on the embedded SQLite store, and Microsoft 365 Agents Playground (a local
 * Teams client) pointed at it. Prints the URL to open. Ctrl-C stops everything it started.
 *
 * Settings: DEMO_DIR (the DC's folder, default .demo/dc), PORT (bot, 3978), PLAYGROUND_PORT (56150).
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEMO_FIX_KEYS, DEMO_LDAP_KEYS, demoBotSettings } from './demo-settings';
import { portInUse } from './playground/port-in-use';
import { playgroundConfigPath, startPlayground } from './playground/start-playground';
import type { RunningPlayground } from './playground/start-playground';
import { waitForHttp } from './playground/wait-for-http';

const ROOT = path.resolve(__dirname, '..');
const DEMO = path.join(ROOT, '.demo');
const DC_SCRIPT = path.join(ROOT, 'scripts', 'dc', 'dc.sh');
const BOT_LOG = path.join(DEMO, 'bot.log');
/** Settings of a real deployment (.env.example) that must not leak from the shell into the demo bot. */
const DEPLOYMENT_SETTING =
  /^(LDAP_|Microsoft|ACCESS_|ALLOWED_TENANT_IDS$|STORE$|SQLITE_PATH$|DATABASE_URL$|HOST$|PORT$)/i;

/** A failure the user can act on: printed as is, no stack. */
class DemoError extends Error {}
/** Ctrl-C while starting up. */
class Interrupted extends Error {}

const say = (line = ''): void => void process.stdout.write(`${line}\n`);
/** Short paths inside the current folder, absolute ones elsewhere. */
const rel = (file: string): string => {
  const relative = path.relative(process.cwd(), file);
  return relative === '' ? '.' : relative.startsWith('..') ? file : relative;
};

function portSetting(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new DemoError(`${name} must be a port number from 1 to 65535.`);
  }
  return port;
}

function ownDcInstructions(reason: string, botPort: number, playgroundPort: number): string {
  const config = rel(playgroundConfigPath('alex'));
  return `msa-warden demo: ${reason}

The demo installs and starts a local Samba AD domain controller, which needs Linux and root (or sudo).
Instead, run the bot against your own domain controller:

  1. Set these in the environment (each is explained in .env.example):
       MicrosoftAppId=            (empty: anonymous mode, for a local client)
       LDAP_URL=ldaps://dc1.corp.example.com
       LDAP_BIND_DN=CN=svc-warden,OU=Service Accounts,DC=corp,DC=example,DC=com
       LDAP_BIND_PASSWORD=...
       LDAP_BASE_DN=DC=corp,DC=example,DC=com
       LDAP_CA_CERT=/path/to/your-ca.pem   (when your DCs' certificates are not in the system store)
  2. Start the bot:               npm start
  3. In another terminal, start Microsoft 365 Agents Playground (a local Teams client):
       npx agentsplayground -e http://127.0.0.1:${botPort}/api/messages -c msteams --dt -p ${playgroundPort}
     (add TEAMSAPPTESTER_BROWSER=none on a machine without a desktop). To be signed in as one of
     your own AD users, copy ${config}
     to .m365agentsplayground.yml in that folder and put their userPrincipalName in
     currentUser.userPrincipleName (the Playground spells the key so).
  4. Open http://localhost:${playgroundPort} and type: find sMSAs on <one of your servers>`;
}

type Privilege = 'root' | 'sudo';

function privilege(): Privilege | undefined {
  if (process.getuid?.() === 0) return 'root';
  try {
    execFileSync('sh', ['-c', 'command -v sudo'], { stdio: 'ignore' });
    return 'sudo';
  } catch {
    return undefined;
  }
}

/** Runs dc.sh, as root through sudo when needed; its step timings go to the terminal. */
function dcScript(how: Privilege, args: string[], capture = false): { code: number; stdout: string } {
  const [command, commandArgs] =
    how === 'root' ? ['bash', [DC_SCRIPT, ...args]] : ['sudo', ['bash', DC_SCRIPT, ...args]];
  try {
    const stdout = execFileSync(command, commandArgs, {
      encoding: 'utf8',
      stdio: ['inherit', capture ? 'pipe' : 'inherit', 'inherit'],
      maxBuffer: 1024 * 1024,
    });
    return { code: 0, stdout: stdout ?? '' };
  } catch (error) {
    const status = (error as { status?: number | null }).status;
    return { code: typeof status === 'number' ? status : 1, stdout: '' };
  }
}

function parseEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0 && !line.startsWith('#')) env[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return env;
}

interface DemoDc {
  dir: string;
  env: Record<string, string>;
  /** stop it on the way out: the demo started it */
  startedHere: boolean;
}

/**
 * Brings the demo DC up (installing Samba and provisioning on the first run; reusing it later).
 * Samba's ports are fixed, so a DC already running from the test folder is reused rather than fought.
 */
async function startDc(how: Privilege): Promise<DemoDc> {
  let dir = path.resolve(process.env.DEMO_DIR ?? path.join(DEMO, 'dc'));
  const running = (candidate: string): boolean => dcScript(how, ['status', candidate], true).code === 0;
  if (!running(dir) && (await portInUse(636)) !== undefined) {
    const testDir = process.env.MSA_WARDEN_DC_DIR ?? path.join(process.env.TMPDIR ?? '/tmp', 'msa-warden-dc');
    if (path.resolve(testDir) !== dir && running(testDir)) {
      say(`A msa-warden test DC (same fixtures) is already running from ${testDir}: the demo uses it.`);
      dir = path.resolve(testDir);
    } else {
      throw new DemoError(
        `${(await portInUse(636)) ?? 'port 636 is already in use'}: another domain controller may already run here.\n` +
          'The demo DC needs the LDAP ports 389 and 636: stop what holds them, or set DEMO_DIR ' +
          'to the folder of the msa-warden DC that is running.',
      );
    }
  }
  const startedHere = !running(dir);
  say(
    startedHere
      ? `Starting the demo domain controller in ${rel(dir)} (the first run installs Samba and provisions it)…`
      : `Using the domain controller running from ${rel(dir)}.`,
  );
  if (dcScript(how, ['up', dir]).code !== 0) {
    throw new DemoError(
      `the demo domain controller did not start (bash ${rel(DC_SCRIPT)} up ${rel(dir)}); see above.`,
    );
  }
  const env = parseEnv(dcScript(how, ['env', dir], true).stdout);
  for (const key of [...DEMO_LDAP_KEYS, ...DEMO_FIX_KEYS]) {
    if (env[key] === undefined)
      throw new DemoError(`${rel(dir)}/dc.env has no ${key}; run: bash ${rel(DC_SCRIPT)} up ${rel(dir)}`);
  }
  if (how === 'sudo') {
    // The DC's folder is root's (mode 700): hand the bot a copy of the CA certificate it can read.
    const ca = path.join(DEMO, 'dc-ca.pem');
    writeFileSync(ca, execFileSync('sudo', ['cat', env.LDAP_CA_CERT ?? ''], { encoding: 'utf8' }));
    env.LDAP_CA_CERT = ca;
  }
  return { dir, env, startedHere };
}

interface Bot {
  child: ChildProcess;
  exited: Promise<void>;
  exitCode: () => number | null | undefined;
}

function logTail(file: string, lines = 20): string {
  return existsSync(file) ? readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n') : '';
}

async function startBotProcess(dcEnv: Record<string, string>, port: number): Promise<Bot> {
  const log = openSync(BOT_LOG, 'w');
  // The shell may hold settings for a real deployment: the demo bot gets none of them.
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !DEPLOYMENT_SETTING.test(key)),
  );
  // the read account, the fixer account (fixes enabled) and the demo's role groups
  Object.assign(env, demoBotSettings(dcEnv, { port, sqlitePath: path.join(DEMO, 'msa-warden.sqlite') }));
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'main.ts')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', log, log],
    // Its own process group: Ctrl-C reaches only the demo, which then stops the bot in order.
    detached: true,
  });
  closeSync(log);
  let code: number | null | undefined;
  const exited = new Promise<void>((resolve) => child.once('exit', (c) => ((code = c), resolve())));
  const exitCode = (): number | null | undefined => code;
  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, {
      timeoutMs: 60_000,
      gaveUp: () =>
        code === undefined
          ? undefined
          : `the bot exited (code ${String(code)}) while starting. Its log:\n${logTail(BOT_LOG)}`,
    });
  } catch (error) {
    child.kill('SIGTERM');
    throw new DemoError((error as Error).message);
  }
  return { child, exited, exitCode };
}

async function stopBot(bot: Bot): Promise<void> {
  if (bot.exitCode() !== undefined) return;
  bot.child.kill('SIGTERM');
  const timer = setTimeout(() => bot.child.kill('SIGKILL'), 12_000);
  await bot.exited;
  clearTimeout(timer);
}

async function run(): Promise<number> {
  const started = Date.now();
  const botPort = portSetting('PORT', 3978);
  const playgroundPort = portSetting('PLAYGROUND_PORT', 56150);
  // Megan's Playground (a reader) listens on the next port
  const readerPort = playgroundPort + 1;
  if (process.platform !== 'linux') {
    say(ownDcInstructions(`this machine runs ${process.platform}, not Linux.`, botPort, playgroundPort));
    return 1;
  }
  const how = privilege();
  if (how === undefined) {
    say(ownDcInstructions('you are not root and sudo is not installed.', botPort, playgroundPort));
    return 1;
  }
  for (const [port, variable] of [
    [botPort, 'PORT'],
    [playgroundPort, 'PLAYGROUND_PORT'],
    [readerPort, 'PLAYGROUND_PORT'],
  ] as const) {
    const busy = await portInUse(port);
    if (busy !== undefined)
      throw new DemoError(
        `${busy}: a msa-warden bot or demo may already be running.\n` +
          `Stop it, or choose another port: ${variable}=<port> npm run demo`,
      );
  }
  mkdirSync(DEMO, { recursive: true });

  // From here on, everything started is stopped again, whatever happens.
  let dc: DemoDc | undefined;
  let bot: Bot | undefined;
  let playground: RunningPlayground | undefined;
  let readerPlayground: RunningPlayground | undefined;
  let playgroundStopped = false;
  let stopping: Promise<void> | undefined;
  const stopAll = (): Promise<void> =>
    (stopping ??= (async () => {
      if (playground !== undefined) await playground.stop().catch(() => undefined);
      if (readerPlayground !== undefined) await readerPlayground.stop().catch(() => undefined);
      playgroundStopped = true;
      if (bot !== undefined) await stopBot(bot).catch(() => undefined);
      if (dc?.startedHere === true && dcScript(how, ['stop', dc.dir]).code !== 0) {
        say(`Could not stop the demo DC: bash ${rel(DC_SCRIPT)} stop ${rel(dc.dir)}`);
      }
    })());
  // First Ctrl-C (or SIGTERM): stop in order. A second one while stopping means "now".
  let signalled: string | undefined;
  let onSignal: (signal: string) => void = () => undefined;
  const interrupted = new Promise<string>((resolve) => (onSignal = resolve));
  const handle = (signal: NodeJS.Signals): void => {
    if (signalled === undefined) {
      signalled = signal;
      onSignal(signal);
      return;
    }
    killLeftovers();
    process.exit(130);
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
  // The children have process groups of their own: nothing else would stop them if the demo died.
  const killLeftovers = (): void => {
    if (bot?.exitCode() === undefined) bot?.child.kill('SIGKILL');
    if (playgroundStopped) return;
    for (const running of [playground, readerPlayground]) {
      if (running === undefined) continue;
      try {
        process.kill(running.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  process.on('exit', killLeftovers);
  const startupInterrupted = (): void => {
    if (signalled !== undefined) throw new Interrupted();
  };

  try {
    dc = await startDc(how);
    startupInterrupted();
    say('Starting the bot…');
    bot = await startBotProcess(dc.env, botPort);
    startupInterrupted();
    say('Starting Microsoft 365 Agents Playground…');
    playground = await startPlayground({
      botEndpoint: `http://127.0.0.1:${botPort}/api/messages`,
      port: playgroundPort,
      cwd: DEMO,
      user: 'alex',
      readyTimeoutMs: 60_000,
      detached: true,
    });
    if (playground.port !== playgroundPort) {
      throw new DemoError(
        `port ${playgroundPort} was taken while the demo started. Run it again, or set PLAYGROUND_PORT.`,
      );
    }
    startupInterrupted();
    // A second Playground signed in as Megan, a reader, beside Alex, an approver.
    const readerDir = path.join(DEMO, 'reader');
    mkdirSync(readerDir, { recursive: true });
    readerPlayground = await startPlayground({
      botEndpoint: `http://127.0.0.1:${botPort}/api/messages`,
      port: readerPort,
      cwd: readerDir,
      user: 'megan',
      readyTimeoutMs: 60_000,
      detached: true,
    });
    if (readerPlayground.port !== readerPort) {
      throw new DemoError(
        `port ${readerPort} was taken while the demo started. Run it again, or set PLAYGROUND_PORT.`,
      );
    }
    startupInterrupted();
  } catch (error) {
    await stopAll();
    if (error instanceof Interrupted) {
      say('Stopped.');
      return 0;
    }
    throw error;
  }

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  say(`
msa-warden demo is ready (${seconds} s).

  Open  http://localhost:${playgroundPort}
        Microsoft 365 Agents Playground, a local Teams client, signed in as Alex Wilber
        (alex@corp.example.test, an approver in the demo domain). Over SSH, forward the port
        first: ssh -L ${playgroundPort}:localhost:${playgroundPort} <this machine>

  Then type in the chat:
        whoami
        find sMSAs on SRV01
        audit privileged sMSAs
        show svc_sql01

  Fixes: as Megan, click "Request removal" on a privileged-membership finding, say why and submit;
        as Alex, type "pending approvals", open it and approve: the bot's fixer account
        (msa-warden-fixer, exactly the rights the README lists) removes the membership, and
        Megan's card shows the result.

  Open  http://localhost:${readerPort}
        the same tenant signed in as Megan Bowen (megan@corp.example.test, a reader). Type whoami
        in both to compare; Diego (in the directory, no role) would get a polite refusal.

  Logs: ${rel(BOT_LOG)} (bot), ${rel(playground.logFile)} (Playground)
  The Playground listens on every network interface of this machine; the bot only on 127.0.0.1.
  Ctrl-C stops the Playground${dc.startedHere ? ', the bot and the demo domain controller' : ' and the bot'}.`);

  const botDied = bot.exited.then(() => 'bot');
  const playgroundDied = Promise.race([playground.exited, readerPlayground.exited]).then(() => 'playground');
  const reason = await Promise.race([interrupted, botDied, playgroundDied]);
  if (reason === 'bot' || reason === 'playground') {
    say(
      reason === 'bot'
        ? `\nThe bot stopped unexpectedly (exit code ${String(bot.exitCode())}). Its log:\n${logTail(BOT_LOG)}`
        : `\nThe Playground stopped unexpectedly. Its log:\n${logTail(playground.logFile)}`,
    );
    await stopAll();
    return 1;
  }
  say('\nStopping…');
  await stopAll();
  say('Stopped.');
  return 0;
}

run().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message =
      error instanceof DemoError ? error.message : `unexpected error: ${(error as Error).message}`;
    process.stderr.write(`msa-warden demo: ${message}\n`);
    process.exit(1);
  },
);
