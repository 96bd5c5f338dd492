import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cpuMs, dcProcesses, processTree } from '../../bench/process-cpu';

describe('process CPU from /proc', () => {
  it("counts this process's CPU: a 300 ms busy loop adds at least 200 ms", () => {
    const before = cpuMs([process.pid]);
    const until = Date.now() + 300;
    let spins = 0;
    while (Date.now() < until) spins++;
    expect(spins).toBeGreaterThan(0);
    expect(cpuMs([process.pid]) - before).toBeGreaterThanOrEqual(200);
  });

  it('finds a child under its parent, and a process tree with its DC pid file', async () => {
    const child = spawn('sleep', ['30']);
    try {
      await new Promise((resolve) => child.once('spawn', resolve));
      const pid = child.pid ?? -1;
      expect(processTree(process.pid)).toContain(pid);
      expect(processTree(pid)).toEqual([pid]);
      const dir = mkdtempSync(path.join(os.tmpdir(), 'process-cpu-'));
      try {
        expect(dcProcesses(dir)).toEqual([]);
        mkdirSync(path.join(dir, 'samba', 'run'), { recursive: true });
        writeFileSync(path.join(dir, 'samba', 'run', 'samba.pid'), `${pid}\n`);
        expect(dcProcesses(dir)).toEqual([pid]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    } finally {
      child.kill();
    }
    expect(cpuMs([2 ** 30])).toBe(0); // no such process: nothing, not NaN
  });
});
