/**
 * CPU time of processes from /proc (user + system), so the bench can say what an answer costs in
 * CPU beside what it takes in time: the bot's process and the DC's (samba and every process under
 * it). With many people asking at once and no pause between questions, CPU is what bounds the wait:
 * N people sharing C cores wait at least N × (CPU per answer) / C on average, whatever the design.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** USER_HZ: the unit of utime/stime in /proc/<pid>/stat; 100 on Linux for every arch we run on */
const TICKS_PER_SECOND = 100;

interface ProcStat {
  pid: number;
  parent: number;
  cpuTicks: number;
}

function procStat(pid: number): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null; // exited
  }
  // comm (field 2) is in parentheses and may hold spaces: the fields after its last ')' are fixed
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // after comm: state (3), ppid (4) … utime (14), stime (15), numbered from 1 over the whole line
  const at = (field: number): number => Number(fields[field - 3] ?? NaN);
  return { pid, parent: at(4), cpuTicks: at(14) + at(15) };
}

/** `root` and every process under it, alive now */
export function processTree(root: number): number[] {
  const stats = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => procStat(Number(name)) ?? []);
  const children = new Map<number, number[]>();
  for (const s of stats) children.set(s.parent, [...(children.get(s.parent) ?? []), s.pid]);
  const tree: number[] = [];
  const walk = (pid: number): void => {
    tree.push(pid);
    for (const child of children.get(pid) ?? []) walk(child);
  };
  if (stats.some((s) => s.pid === root)) walk(root);
  return tree;
}

/** CPU milliseconds the processes have used so far (the ones alive now) */
export function cpuMs(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) ticks += procStat(pid)?.cpuTicks ?? 0;
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/** the DC's processes: samba (pid file under the DC folder) and its workers; [] when not found */
export function dcProcesses(dcDir: string): number[] {
  try {
    const pid = Number(readFileSync(path.join(dcDir, 'samba', 'run', 'samba.pid'), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? processTree(pid) : [];
  } catch {
    return [];
  }
}
