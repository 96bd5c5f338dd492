import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnvFile } from '../../test/support/dc';

/**
 * Unpacks a cached DC into `dir`, whatever folder it was seeded in: the tarball holds one folder
 * (the seeding run's BENCH_DC_DIR), and smb.conf and dc.env name that folder's absolute path (the
 * databases do not), so they are rewritten to `dir`.
 */
export function restoreDc(tarball: string, dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  execFileSync('tar', ['--zstd', '-xf', tarball, '-C', dir, '--strip-components=1']);
  const envFile = path.join(dir, 'dc.env');
  const seededIn = parseEnvFile(readFileSync(envFile, 'utf8')).MSA_WARDEN_DC_DIR;
  if (seededIn === undefined) throw new Error(`${tarball}: dc.env names no MSA_WARDEN_DC_DIR`);
  const here = path.resolve(dir);
  if (seededIn === here) return;
  for (const file of [envFile, path.join(dir, 'samba', 'etc', 'smb.conf')])
    writeFileSync(file, readFileSync(file, 'utf8').split(seededIn).join(here));
}
