import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The launcher's failure paths, with fake node, npm, uname, id and dpkg first on PATH: each failure
 * is one or two plain lines that say what failed and what to type, never a trace.
 */
const REPO = path.resolve(__dirname, '..', '..');

const FAKES: Record<string, string> = {
  node: `case "$*" in --version) echo "v$FAKE_NODE_MAJOR.0.0" ;; *) echo "$FAKE_NODE_MAJOR" ;; esac`,
  uname: `case "$1" in -s) echo "$FAKE_OS" ;; -m) echo "$FAKE_ARCH" ;; *) echo "$FAKE_OS $FAKE_ARCH" ;; esac`,
  npm: `echo "npm $*" >>"$FAKE_CALLS"
[ "$1" = config ] && { echo https://registry.npmjs.org/; exit 0; }
echo "npm error code ENOTFOUND" >&2
echo "npm error network request to https://registry.npmjs.org/x failed, reason: getaddrinfo ENOTFOUND registry.npmjs.org" >&2
exit 1`,
  id: 'echo 1000',
  dpkg: 'exit 1',
  'apt-get': 'echo "apt-get $*" >>"$FAKE_CALLS"',
};

let work = '';
let project = '';
let calls = '';

/** A project folder with the launcher and a lock file, and a bin folder of fakes. */
beforeEach(() => {
  work = mkdtempSync(path.join(tmpdir(), 'msa-warden-launch-'));
  project = path.join(work, 'project');
  mkdirSync(path.join(project, 'scripts'), { recursive: true });
  for (const file of [
    'scripts/launch.sh',
    'scripts/ensure-node.sh',
    'scripts/apt-install.sh',
    'package-lock.json',
  ]) {
    copyFileSync(path.join(REPO, file), path.join(project, file));
  }
  mkdirSync(path.join(work, 'bin'));
  for (const [name, body] of Object.entries(FAKES)) {
    writeFileSync(path.join(work, 'bin', name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  }
  calls = path.join(work, 'calls');
  writeFileSync(calls, '');
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

function launch(
  args: string[],
  env: Record<string, string> = {},
): { status: number | null; lines: string[]; stdout: string } {
  const run = spawnSync('sh', [path.join('scripts', args[0] ?? ''), ...args.slice(1)], {
    cwd: project,
    env: {
      PATH: `${path.join(work, 'bin')}:/usr/bin:/bin`,
      HOME: work,
      TMPDIR: work,
      MSA_WARDEN_NODE_DIR: path.join(work, 'node24'),
      FAKE_NODE_MAJOR: '20',
      FAKE_OS: 'Linux',
      FAKE_ARCH: 'x86_64',
      FAKE_CALLS: calls,
      ...env,
    },
    encoding: 'utf8',
  });
  const lines = run.stderr.split('\n').filter((line) => line !== '');
  expect(run.stderr).not.toMatch(/\n\s+at /);
  return { status: run.status, lines, stdout: run.stdout };
}

const installed = (): void => {
  mkdirSync(path.join(project, 'node_modules'));
  writeFileSync(path.join(project, 'node_modules', '.package-lock.json'), '{}');
  const past = new Date(Date.now() - 60_000);
  utimesSync(path.join(project, 'package-lock.json'), past, past);
};

describe('scripts/launch.sh', () => {
  it('on an OS without a Node 24 download, says to install Node 24 from nodejs.org', () => {
    const run = launch(['launch.sh', 'true'], { FAKE_OS: 'Darwin', FAKE_ARCH: 'arm64' });
    expect(run.status).toBe(1);
    expect(run.lines).toEqual([
      'msa-warden: Node 24 is needed, and there is no Node 24 download for Darwin arm64 here.',
      'msa-warden: Install Node 24 from https://nodejs.org and run the command again.',
    ]);
  });

  it('without a network to the registry, says Node 24 could not be fetched and what to check', () => {
    const run = launch(['launch.sh', 'true']);
    expect(run.status).toBe(1);
    expect(run.lines.slice(-2)).toEqual([
      'msa-warden: no network to the npm registry (https://registry.npmjs.org/): Node 24 could not be fetched.',
      "msa-warden: Connect this machine (or set npm's proxy: npm config set proxy http://HOST:PORT) and run the command again.",
    ]);
  });

  it('runs npm ci when node_modules is missing, and names a missing network in two lines', () => {
    const run = launch(['launch.sh', 'echo', 'ran'], { FAKE_NODE_MAJOR: '24' });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(readFileSync(calls, 'utf8')).toContain('npm ci');
    expect(run.lines.slice(-2)).toEqual([
      'msa-warden: npm ci failed: no network to the npm registry (https://registry.npmjs.org/).',
      "msa-warden: Connect this machine (or set npm's proxy: npm config set proxy http://HOST:PORT) and run the command again.",
    ]);
  });

  it('skips npm ci when node_modules is newer than package-lock.json, and runs the command', () => {
    installed();
    const run = launch(['launch.sh', 'echo', 'ran'], { FAKE_NODE_MAJOR: '24' });
    expect(run).toMatchObject({ status: 0, stdout: 'ran\n', lines: [] });
    expect(readFileSync(calls, 'utf8')).toBe('');
  });

  it('runs npm ci again when package-lock.json changed after the install', () => {
    installed();
    // clearly after the stamp: file times can be finer than a Date, so "now" may read as older
    const later = new Date(Date.now() + 5_000);
    utimesSync(path.join(project, 'package-lock.json'), later, later);
    const run = launch(['launch.sh', 'true'], { FAKE_NODE_MAJOR: '24' });
    expect(run.status).toBe(1);
    expect(run.lines[0]).toBe('msa-warden: package-lock.json changed since the last install: npm ci…');
  });

  it('--test-tools without root prints the exact apt-get line for what the tests lack', () => {
    installed();
    const run = launch(['launch.sh', '--test-tools', 'true'], {
      FAKE_NODE_MAJOR: '24',
      CHROMIUM_PATH: path.join(work, 'no-chromium'),
      DATABASE_URL: 'postgresql://db.example.test/test',
    });
    expect(run.status).toBe(1);
    expect(run.lines).toEqual([
      'msa-warden: missing: chromium; installing them needs root. Run:',
      'msa-warden: sudo apt-get install -y --no-install-recommends chromium',
    ]);
    expect(readFileSync(calls, 'utf8')).toBe('');
  });
});
