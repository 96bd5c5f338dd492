import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { restoreDc } from '../../../bench/seed/restore-dc';

describe('restoring a cached bench DC', () => {
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'restore-dc-'));
  });
  afterEach(() => {
    rmSync(work, { recursive: true, force: true });
  });

  /** A tarball of a DC folder seeded in `<work>/seeded-here`, as bench:seed caches it. */
  function cachedDc(): { tarball: string; seededIn: string } {
    const seededIn = path.join(work, 'seeded-here');
    mkdirSync(path.join(seededIn, 'samba', 'etc'), { recursive: true });
    mkdirSync(path.join(seededIn, 'samba', 'private'), { recursive: true });
    writeFileSync(
      path.join(seededIn, 'dc.env'),
      `LDAP_CA_CERT=${seededIn}/tls/ca.pem\nMSA_WARDEN_DC_DIR=${seededIn}\n`,
    );
    writeFileSync(
      path.join(seededIn, 'samba', 'etc', 'smb.conf'),
      `[global]\n\tprivate dir = ${seededIn}/samba/private\n\ttls cafile = ${seededIn}/tls/ca.pem\n`,
    );
    writeFileSync(path.join(seededIn, 'samba', 'private', 'sam.ldb'), 'database bytes');
    const tarball = path.join(work, 'dc.tar.zst');
    execFileSync('tar', ['--zstd', '-cf', tarball, '-C', work, 'seeded-here']);
    return { tarball, seededIn };
  }

  it('unpacks into another folder and points smb.conf and dc.env at it', () => {
    const { tarball, seededIn } = cachedDc();
    const dir = path.join(work, 'elsewhere', 'bench-dc');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'stale'), 'from an earlier DC');

    restoreDc(tarball, dir);

    const env = readFileSync(path.join(dir, 'dc.env'), 'utf8');
    const smbConf = readFileSync(path.join(dir, 'samba', 'etc', 'smb.conf'), 'utf8');
    expect(env).toBe(`LDAP_CA_CERT=${dir}/tls/ca.pem\nMSA_WARDEN_DC_DIR=${dir}\n`);
    expect(smbConf).toContain(`private dir = ${dir}/samba/private`);
    expect(smbConf).toContain(`tls cafile = ${dir}/tls/ca.pem`);
    expect(smbConf).not.toContain(seededIn);
    expect(readFileSync(path.join(dir, 'samba', 'private', 'sam.ldb'), 'utf8')).toBe('database bytes');
    expect(() => readFileSync(path.join(dir, 'stale'))).toThrow();
  });

  it('restores into the folder it was seeded in unchanged', () => {
    const { tarball, seededIn } = cachedDc();
    const before = readFileSync(path.join(seededIn, 'samba', 'etc', 'smb.conf'), 'utf8');
    restoreDc(tarball, seededIn);
    expect(readFileSync(path.join(seededIn, 'samba', 'etc', 'smb.conf'), 'utf8')).toBe(before);
    expect(readFileSync(path.join(seededIn, 'dc.env'), 'utf8')).toContain(`MSA_WARDEN_DC_DIR=${seededIn}\n`);
  });
});
