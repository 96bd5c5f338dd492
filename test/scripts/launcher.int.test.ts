import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A newcomer's first run: a fresh clone, the machine's old Node first on PATH, and the launcher
 * behind every npm script must switch to Node 24 and install the dependencies itself, once.
 */
const REPO = path.resolve(__dirname, '..', '..');
const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

function majorOf(node: string): number {
  try {
    return Number(
      execFileSync(node, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).trim(),
    );
  } catch {
    return 0;
  }
}

/** The distribution's Node (older than 24, as Debian ships it), or any older one on this machine. */
function oldNode(): string {
  const candidates = ['/usr/bin/node', '/usr/local/bin/node', '/bin/node'];
  const found = candidates.find((node) => existsSync(node) && majorOf(node) > 0 && majorOf(node) < 24);
  if (found === undefined) {
    throw new Error(
      `no Node older than 24 in ${candidates.join(', ')}: this test proves the switch from one. ` +
        "Install the distribution's Node (apt-get install nodejs npm).",
    );
  }
  return found;
}

/** The machine's environment minus what npm, jest and ns-run put there (Node 24 on PATH, npm_* settings). */
function cleanEnv(oldNodeDir: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(npm_|NODE$|NODE_OPTIONS$|INIT_CWD$|JEST_)/i.test(key)),
  );
  return { ...env, PATH: `${oldNodeDir}:${SYSTEM_PATH}` };
}

describe("scripts/launch.sh from a fresh clone, under the machine's old Node", () => {
  let clone = '';
  afterAll(() => {
    if (clone !== '') rmSync(path.dirname(clone), { recursive: true, force: true });
  });

  it('switches to Node 24, runs npm ci once, and a second run (through npm run) reuses node_modules', () => {
    const node = oldNode();
    const oldVersion = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
    const env = cleanEnv(path.dirname(node));
    clone = path.join(mkdtempSync(path.join(tmpdir(), 'msa-warden-clone-')), 'msa-warden');
    execFileSync('git', ['clone', '--quiet', REPO, clone], { stdio: 'pipe' });
    expect(existsSync(path.join(clone, 'node_modules'))).toBe(false);

    const first = spawnSync('sh', ['scripts/launch.sh', 'node', '-p', 'process.version'], {
      cwd: clone,
      env,
      encoding: 'utf8',
    });
    expect({ status: first.status, stderr: first.stderr }).toMatchObject({ status: 0 });
    expect(first.stdout.trim()).toMatch(/^v24\./);
    expect(first.stderr).toContain(`(this machine's node: ${oldVersion})`);
    expect(first.stderr).toContain('installing dependencies: npm ci');
    const stamp = path.join(clone, 'node_modules', '.package-lock.json');
    const installedAt = statSync(stamp).mtimeMs;

    // The old npm runs the script itself: engines >=24 must not stop it (engine-strict is off).
    const second = spawnSync('sh', ['-c', 'npm run package'], {
      cwd: clone,
      env: { ...env, MicrosoftAppId: '' },
      encoding: 'utf8',
    });
    expect(second.stderr).toContain('using Node v24.');
    expect(second.stderr).not.toContain('npm ci');
    expect(second.stderr).toContain('MicrosoftAppId is not set');
    expect(second.stderr).not.toMatch(/\n\s+at /);
    expect(second.status).toBe(1);
    expect(statSync(stamp).mtimeMs).toBe(installedAt);
  }, 900_000);
});
