import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LdapDirectoryOptions } from '../../src/directory/ldap-directory';

/**
 * The Samba AD DC that integration tests run against, driven through scripts/dc/dc.sh. The DC keeps
 * running between test runs (start-up is the slow part); CI stops it in globalTeardown.
 */

const SCRIPT = path.join(__dirname, '..', '..', 'scripts', 'dc', 'dc.sh');
/** Written after `up`: whether this test run started the DC (so teardown knows whether to stop it). */
const STARTED_FILE = 'started-by-test-run';

export function dcDir(): string {
  return process.env.MSA_WARDEN_DC_DIR ?? path.join(process.env.TMPDIR ?? '/tmp', 'msa-warden-dc');
}

function dcScript(command: string, timeoutMs: number): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      'bash',
      [SCRIPT, command, dcDir()],
      { timeout: timeoutMs, maxBuffer: 10 * 1024 * 1024 },
      (error, _stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stderr });
      },
    );
    // Step timings go to the terminal as they happen.
    child.stderr?.pipe(process.stderr);
  });
}

/** KEY=VALUE lines (values unquoted, as dc.sh writes them). */
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq <= 0 || line.trimStart().startsWith('#')) continue;
    env[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return env;
}

/** Starts (or reuses) the DC and returns the values of DIR/dc.env. Throws when it cannot start. */
export async function startTestDirectory(): Promise<Record<string, string>> {
  const wasRunning = (await dcScript('status', 30_000)).code === 0;
  const up = await dcScript('up', 10 * 60_000);
  if (up.code !== 0) {
    throw new Error(
      `the Samba DC did not start (bash scripts/dc/dc.sh up exited ${up.code}):\n${up.stderr.slice(-4000)}`,
    );
  }
  const dir = dcDir();
  writeFileSync(path.join(dir, STARTED_FILE), wasRunning ? 'no\n' : 'yes\n', { mode: 0o600 });
  return parseEnvFile(readFileSync(path.join(dir, 'dc.env'), 'utf8'));
}

export function startedByThisRun(): boolean {
  try {
    return readFileSync(path.join(dcDir(), STARTED_FILE), 'utf8').trim() === 'yes';
  } catch {
    return false;
  }
}

export async function stopTestDirectory(): Promise<void> {
  const stop = await dcScript('stop', 60_000);
  if (stop.code !== 0)
    throw new Error(`bash scripts/dc/dc.sh stop exited ${stop.code}:\n${stop.stderr.slice(-2000)}`);
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(
      `${name} is not set: integration tests run in the jest "integration" project (globalSetup)`,
    );
  }
  return value;
}

/** LdapDirectory options for the test DC, as the bot account; override any field. */
export function testDirectoryOptions(overrides: Partial<LdapDirectoryOptions> = {}): LdapDirectoryOptions {
  return {
    urls: requiredEnv('LDAP_URL').split(','),
    bindDn: requiredEnv('LDAP_BIND_DN'),
    bindPassword: requiredEnv('LDAP_BIND_PASSWORD'),
    baseDn: requiredEnv('LDAP_BASE_DN'),
    caCertPem: readFileSync(requiredEnv('LDAP_CA_CERT'), 'utf8'),
    startTls: false,
    timeoutMs: 5000,
    connectTimeoutMs: 3000,
    ...overrides,
  };
}
