import os from 'node:os';
import path from 'node:path';

/** The scale DC's folder: its own, so the tests' DC ($TMPDIR/msa-warden-dc) is never touched. */
export function benchDcDir(): string {
  return process.env.BENCH_DC_DIR ?? path.join(process.env.TMPDIR ?? os.tmpdir(), 'msa-warden-bench-dc');
}
