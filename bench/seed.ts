/**
 * `npm run bench:seed [-- --size full|msa|smoke] [--loader ldbadd|ldap] [--connections N] [--compare]`
 *
 * Fills a Samba DC of its own (BENCH_DC_DIR, default $TMPDIR/msa-warden-bench-dc: the tests' DC is
 * untouched) with the generated scale domain, writes the ground truth beside it, and caches the
 * seeded DC folder as a tarball keyed by the generator's version, the size, Samba's version and the
 * DC scripts/fixtures; a second run restores the tarball instead of seeding.
 * --compare times each load path on a sample of users (into the running DC) and exits.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  BENCH_DOMAIN_VERSION,
  BENCH_OU,
  FULL_SIZE,
  SMOKE_SIZE,
  generateBenchDomain,
  type Change,
  type DomainSize,
  type Stage,
} from './seed/bench-domain';
import { loadStages, readGroupSids, toLdif, type AdminConnection } from './seed/ldap-loader';
import { parseEnvFile } from '../test/support/dc';
import { benchDcDir } from './seed/bench-dc-dir';
import { restoreDc } from './seed/restore-dc';

const ROOT = path.join(__dirname, '..');
const DC_SCRIPT = path.join(ROOT, 'scripts', 'dc', 'dc.sh');

/** All the MSAs, hosts and groups of the full size, with fewer users and computers (seeds ~6× faster). */
const MSA_SIZE: DomainSize = {
  ...FULL_SIZE,
  users: 6_000,
  computers: 4_000,
  bigGroups: 1,
  bigGroupMembers: 5_001,
};
const SIZES: Record<string, DomainSize> = { full: FULL_SIZE, msa: MSA_SIZE, smoke: SMOKE_SIZE };

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
};
const log = (line: string): void => {
  console.log(line);
};

function dc(command: string, dir: string): void {
  execFileSync('bash', [DC_SCRIPT, command, dir], { stdio: ['ignore', 'inherit', 'inherit'] });
}

function sambaVersion(): string {
  return execFileSync('samba', ['--version'], { encoding: 'utf8' })
    .trim()
    .replace(/^Version /, '');
}

/** The DC a cached tarball holds depends on these: dc.sh and the fixtures it seeds first. */
function dcInputsHash(): string {
  const hash = createHash('sha256');
  const fixtures = path.join(ROOT, 'test', 'fixtures', 'directory');
  for (const file of readdirSync(fixtures).sort())
    hash.update(file).update(readFileSync(path.join(fixtures, file)));
  for (const file of readdirSync(path.dirname(DC_SCRIPT)).sort())
    hash.update(file).update(readFileSync(path.join(path.dirname(DC_SCRIPT), file)));
  return hash.digest('hex').slice(0, 12);
}

function adminOf(dir: string): AdminConnection {
  const env = parseEnvFile(readFileSync(path.join(dir, 'dc.env'), 'utf8'));
  return {
    url: env.LDAP_URL ?? 'ldaps://127.0.0.1:636',
    bindDn: env.LDAP_ADMIN_BIND_DN ?? '',
    bindPassword: env.LDAP_ADMIN_BIND_PASSWORD ?? '',
    caPem: readFileSync(env.LDAP_CA_CERT ?? '', 'utf8'),
  };
}

const samLdb = (dir: string): string => path.join(dir, 'samba', 'private', 'sam.ldb');

/**
 * ldb options for the seed's ldbadd/ldbmodify. batch_mode: no nested transaction per add; without
 * it ldb_kv copies every index list an add touches (objectClass=user, objectCategory=person,
 * sAMAccountType…: one GUID per object) into the outer transaction's index cache at each add, so an
 * add costs O(objects) and the load O(objects²) (13 ms per add at 15,000 objects, 2 ms in batch
 * mode). The price: a failed add aborts the whole transaction — a chunk fails as a whole, which the
 * seed treats as fatal anyway. transaction_index_cache_size: the in-memory index cache is a hash of
 * that many buckets (default 491) holding every index key the transaction writes (several unique
 * keys per add: sAMAccountName, objectSid…), so a chunk of thousands of adds wants more buckets.
 */
const LDB_SEED_OPTIONS = ['-o', 'batch_mode:1', '-o', 'transaction_index_cache_size:200003'];
/** Entries per ldbadd transaction: a process start (~0.3 s) and a commit per chunk. */
const LDB_CHUNK = Number(process.env.BENCH_LDB_CHUNK ?? 10_000);

/** One ldbadd (or ldbmodify) per chunk: one transaction each, against the stopped DC's sam.ldb. */
function ldbApply(dir: string, changes: readonly Change[], options = LDB_SEED_OPTIONS): void {
  const work = path.join(dir, 'seed-work.ldif');
  for (let i = 0; i < changes.length; i += LDB_CHUNK) {
    const chunk = changes.slice(i, i + LDB_CHUNK);
    writeFileSync(work, toLdif(chunk), { mode: 0o600 });
    const tool = chunk.every((c) => c.kind === 'add') ? 'ldbadd' : 'ldbmodify';
    const run = spawnSync(tool, ['--nosync', ...options, '-H', samLdb(dir), work], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (run.status !== 0)
      throw new Error(`${tool} failed: ${run.stdout.slice(-500)}${run.stderr.slice(-1500)}`);
  }
  rmSync(work, { force: true });
}

async function ldbLoad(dir: string, stages: readonly Stage[]): Promise<void> {
  for (const stage of stages) {
    const start = performance.now();
    ldbApply(dir, stage.changes);
    reportStage(stage.name, stage.changes.length, performance.now() - start);
  }
  await Promise.resolve();
}

function reportStage(name: string, changes: number, ms: number): void {
  const rate = changes / (ms / 1000);
  log(
    `  ${name.padEnd(36)} ${String(changes).padStart(7)} in ${(ms / 1000).toFixed(1).padStart(6)} s  ${rate.toFixed(0)}/s`,
  );
}

/** objectSid of each reader group, read with ldbsearch (ldbadd path) or over LDAP. */
function ldbSids(dir: string, dns: readonly string[]): Map<string, string> {
  const out = execFileSync('ldbsearch', ['-H', samLdb(dir), '(cn=bg-gmsa-readers-*)', 'objectSid'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const sids = new Map<string, string>();
  let dn = '';
  for (const line of out.replace(/\n /g, '').split('\n')) {
    if (line.startsWith('dn: ')) dn = line.slice(4).toLowerCase();
    if (line.startsWith('objectSid: ')) sids.set(dn, line.slice(11));
  }
  for (const d of dns) if (!sids.has(d.toLowerCase())) throw new Error(`no objectSid read for ${d}`);
  return sids;
}

/** Times each load path on `count` fresh users in OU=Bulk Users of the running DC. */
async function compareLoaders(dir: string, count: number): Promise<void> {
  const users = (prefix: string): Change[] =>
    Array.from({ length: count }, (_, i) => ({
      kind: 'add',
      dn: `CN=${prefix}${i},OU=Bulk Users,DC=corp,DC=example,DC=test`,
      attributes: { objectClass: ['user'], sAMAccountName: [`${prefix}${i}`] },
    }));
  const tag = Date.now().toString(36).slice(-5);
  const admin = adminOf(dir);
  for (const connections of [1, 2, 4]) {
    const [t] = await loadStages(
      admin,
      [{ name: 'users', changes: users(`c${connections}${tag}`) }],
      connections,
    );
    log(
      `LDAP adds over ${connections} connection(s): ${count} users in ${(t!.ms / 1000).toFixed(1)} s (${(count / (t!.ms / 1000)).toFixed(0)}/s)`,
    );
  }
  dc('stop', dir);
  const paths: [string, string, string[]][] = [
    ['ldbadd --nosync', 'l', []],
    ['ldbadd --nosync, batch mode', 'b', LDB_SEED_OPTIONS],
  ];
  for (const [label, prefix, options] of paths) {
    const start = performance.now();
    ldbApply(dir, users(`${prefix}${tag}`), options);
    const ms = performance.now() - start;
    log(
      `${label} into the stopped DC's sam.ldb: ${count} users in ${(ms / 1000).toFixed(1)} s (${(count / (ms / 1000)).toFixed(0)}/s)`,
    );
  }
  dc('start', dir);
}

async function main(): Promise<void> {
  const dir = benchDcDir();
  const sizeName = arg('size') ?? 'full';
  const size = SIZES[sizeName];
  if (size === undefined) throw new Error(`--size must be one of ${Object.keys(SIZES).join(', ')}`);
  const loader = arg('loader') ?? 'ldbadd';
  const connections = Number(arg('connections') ?? 2);

  if (process.argv.includes('--compare')) {
    dc('up', dir);
    await compareLoaders(dir, Number(arg('count') ?? 300));
    return;
  }

  const key = `${BENCH_DOMAIN_VERSION}-${sizeName}-samba-${sambaVersion()}-dc-${dcInputsHash()}`;
  const cacheDir = process.env.BENCH_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'msa-warden');
  const tarball = path.join(cacheDir, `bench-dc-${key}.tar.zst`);
  const started = performance.now();
  const seconds = (): string => ((performance.now() - started) / 1000).toFixed(1);

  if (existsSync(tarball)) {
    dc('stop', dir);
    restoreDc(tarball, dir);
    dc('start', dir);
    log(`bench DC restored from ${tarball} in ${seconds()} s (${dir})`);
    return;
  }

  log(`seeding the ${sizeName} bench domain (${BENCH_DOMAIN_VERSION}) into ${dir} with ${loader}`);
  dc('stop', dir);
  if (existsSync(path.join(dir, '.msa-warden-dc'))) rmSync(dir, { recursive: true, force: true });
  dc('up', dir); // provision, start, seed the test fixtures (the bot's bind account among them)
  const domain = generateBenchDomain({ size });
  const objects = domain.stages.reduce((n, s) => n + s.changes.length, 0) + size.gmsas;
  log(`generated ${objects.toLocaleString('en-US')} changes in ${seconds()} s`);

  if (loader === 'ldbadd') {
    dc('stop', dir);
    await ldbLoad(dir, domain.stages);
    const sids = ldbSids(dir, domain.readerGroupDns);
    await ldbLoad(
      dir,
      domain.gmsaStages((dn) => sids.get(dn.toLowerCase()) ?? ''),
    );
  } else {
    const admin = adminOf(dir);
    const onStage = (t: { stage: string; changes: number; ms: number }): void =>
      reportStage(t.stage, t.changes, t.ms);
    await loadStages(admin, domain.stages, connections, onStage);
    const sids = await readGroupSids(admin, BENCH_OU, domain.readerGroupDns);
    await loadStages(
      admin,
      domain.gmsaStages((dn) => sids.get(dn.toLowerCase()) ?? ''),
      connections,
      onStage,
    );
    dc('stop', dir);
  }
  writeFileSync(
    path.join(dir, 'bench-ground-truth.json'),
    `${JSON.stringify(domain.groundTruth, null, 1)}\n`,
  );
  log(`seeded ${objects.toLocaleString('en-US')} objects in ${seconds()} s`);

  mkdirSync(cacheDir, { recursive: true });
  const tarStart = performance.now();
  execFileSync('tar', ['--zstd', '-cf', `${tarball}.part`, '-C', path.dirname(dir), path.basename(dir)]);
  execFileSync('mv', [`${tarball}.part`, tarball]);
  log(`cached as ${tarball} in ${((performance.now() - tarStart) / 1000).toFixed(1)} s`);
  dc('start', dir);
}

main().catch((error: unknown) => {
  console.error('bench:seed failed:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
