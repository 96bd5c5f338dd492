/**
 * The scale bench's table as issue #12 asks for it (answer, median, p95, floor, ratio, RSS), with the
 * searches the answer made (its floor makes the same) and the answer less the HTTP turn (the `help`
 * row) over the floor, under a line naming the machine the figures came from.
 */
import os from 'node:os';

export interface TableRow {
  answer: string;
  median: number;
  p95: number;
  /** LDAP searches in one answer: the floor makes the same */
  searches: number;
  floorMedian: number;
  /** NaN: no LDAP floor (help) */
  ratio: number;
  /** median minus the help row's median; NaN for help */
  netMedian: number;
  /** netMedian over the floor; NaN: no LDAP floor */
  netRatio: number;
  /** the bot's peak RSS while this answer was measured */
  peakRssMb: number;
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  loadAverageAtEnd: number[];
  node: string;
  os: string;
}

export function machine(): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    loadAverageAtEnd: os.loadavg().map((l) => Number(l.toFixed(1))),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
  };
}

export function machineLine(m: Machine): string {
  return `machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB RAM, Node ${m.node}, ${m.os}; load average ${m.loadAverageAtEnd.join(
    ' ',
  )}`;
}

export const ms = (value: number): string =>
  `${value < 10 ? value.toFixed(1) : value.toFixed(0)} ms`.padStart(9);

/** The table as markdown, one row per answer, the machine line and the domain above it. */
export function tableLines(rows: TableRow[], m: Machine, domain: string): string[] {
  const lines = [
    '',
    machineLine(m),
    `domain: ${domain}`,
    '',
    '| answer | median | p95 | searches | floor | ratio | − transport | ratio − transport | RSS |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const ratio = (r: number): string => (Number.isNaN(r) ? '-' : `${r.toFixed(2)}×`);
  for (const r of rows)
    lines.push(
      `| ${r.answer} | ${ms(r.median).trim()} | ${ms(r.p95).trim()} | ${r.searches} | ${ms(r.floorMedian).trim()} | ${ratio(
        r.ratio,
      )} | ${Number.isNaN(r.netMedian) ? '-' : ms(r.netMedian).trim()} | ${ratio(r.netRatio)} | ${r.peakRssMb} MB |`,
    );
  lines.push(
    '',
    "floor: the answer's own LDAP searches replayed bare over one connection; − transport: the median less the help row (the HTTP turn)",
  );
  return lines;
}
