/**
 * The scale bench's table as issue #12 asks for it (answer, median, p95, floor, ratio, RSS), under a
 * line naming the machine the figures came from.
 */
import os from 'node:os';

export interface TableRow {
  answer: string;
  median: number;
  p95: number;
  floorMedian: number;
  /** NaN: no LDAP floor (help) */
  ratio: number;
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
    '| answer | median | p95 | floor | ratio | RSS |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows)
    lines.push(
      `| ${r.answer} | ${ms(r.median).trim()} | ${ms(r.p95).trim()} | ${ms(r.floorMedian).trim()} | ${
        Number.isNaN(r.ratio) ? '-' : `${r.ratio.toFixed(2)}×`
      } | ${r.peakRssMb} MB |`,
    );
  return lines;
}
