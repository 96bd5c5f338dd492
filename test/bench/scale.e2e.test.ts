/**
 * `npm run bench -- --smoke` in small: the scale bench end to end against the tests' DC (floors, the
 * bot in its own process over HTTP, 50 users at once, a short soak), so it cannot rot. It checks that
 * every part produced figures, never how fast they are.
 */
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchScale } from '../../bench/scale';
import { dcDir } from '../support/dc';

jest.setTimeout(300_000);

const NUMBER = '\\d[\\d.,]*';

test('the scale bench prints a row with numbers for every answer (the digest too), concurrency, a soak curve and the JSON', async () => {
  const lines: string[] = [];
  const resultsFile = path.join(os.tmpdir(), `scale-e2e-${process.pid}.json`);
  const log = jest.spyOn(console, 'log').mockImplementation((line: unknown) => {
    lines.push(String(line));
  });
  try {
    await benchScale({
      dcDir: dcDir(),
      smoke: true,
      soakAnswers: 20,
      soakSampleEvery: 5,
      resultsFile,
      botArgs: ['--import', 'tsx', 'src/main.ts'],
    });
  } finally {
    log.mockRestore();
  }
  const table = lines.join('\n');
  expect(table).toMatch(/^machine: .+, \d+ cores, \d+ GB RAM, Node v\d+/m);
  expect(table).toMatch(
    /^\| answer \| median \| p95 \| searches \| floor \| ratio \| replay \| ratio to replay \| − transport \| CPU bot \+ DC \| RSS \|$/m,
  );
  // help is the transport: no searches, no floor, nothing to replay
  expect(table).toMatch(
    /^\| help \(transport floor\) \| [\d.]+ ms \| [\d.]+ ms \| 0 \| - \| - \| - \| - \| - \| [\d.]+ ms \+ [\d.]+ ms \| \d+ MB \|$/m,
  );
  for (const answer of [
    'find sMSAs on SRV01',
    'show svc_sql01',
    'list sMSAs (first page)',
    'audit privileged sMSAs',
    'audit sMSAs',
    'digest build (digest now)',
  ]) {
    // every column a number: median, p95, searches (at least one), the floor and the ratio to it,
    // the replay and the ratio to it, the answer less the transport (below zero for a quick answer
    // that beats help), CPU per answer (the bot's, the DC's), peak RSS
    expect(table).toMatch(
      new RegExp(
        `^\\| ${answer.replace(/[()]/g, '\\$&')} \\| ${NUMBER} ms \\| ${NUMBER} ms \\| [1-9]\\d* \\| ${NUMBER} ms \\| ${NUMBER}× \\| ${NUMBER} ms \\| ${NUMBER}× \\| -?${NUMBER} ms \\| ${NUMBER} ms \\+ ${NUMBER} ms \\| \\d+ MB \\|$`,
        'm',
      ),
    );
  }
  expect(table).toMatch(/50 users at once: lookups p95 +\d/);
  expect(table).toMatch(
    /CPU per lookup with the 40 lookup users at once: [\d.]+ ms bot \+ [\d.]+ ms DC; 40 people asking with no pause on \d+ cores wait at least/,
  );
  expect(table).toMatch(
    /soak: 20 answers in \d+ s, peak RSS \d+ MB; heap after GC .* MB per 1,000 answers: (plateau|growth); RSS .* → (PLATEAU|GROWTH)/,
  );

  const written = JSON.parse(readFileSync(resultsFile, 'utf8')) as {
    answers: {
      answer: string;
      median: number;
      peakRssMb: number;
      searches: number;
      entries: number;
      floorSearches: number;
      floorEntries: number;
      attributes: string[];
      floorAttributes: string[];
      botCpuMs: number;
      dcCpuMs: number;
    }[];
    concurrency: { cpuBound: { botCpuMs: number; dcCpuMs: number; leastMeanWaitMs: number } };
    soak: { curve: { answers: number; heapAfterGcMb: number }[]; verdict: string };
  };
  rmSync(resultsFile);
  expect(written.answers.map((a) => a.answer)).toContain('digest build (digest now)');
  expect(written.answers.every((a) => a.median > 0 && a.peakRssMb > 0)).toBe(true);
  // an audit costs the bot and the DC CPU; a lookup's CPU under load is above nothing on both sides
  const audit = written.answers.find((a) => a.answer === 'audit sMSAs');
  expect(audit?.botCpuMs).toBeGreaterThan(0);
  expect(audit?.dcCpuMs).toBeGreaterThan(0);
  const { cpuBound } = written.concurrency;
  expect(cpuBound.botCpuMs).toBeGreaterThan(0);
  expect(cpuBound.dcCpuMs).toBeGreaterThan(0);
  expect(cpuBound.leastMeanWaitMs).toBeGreaterThan(cpuBound.botCpuMs);
  // `show` reads more than the account: its groups, hosts and the descriptors' trustees
  const show = written.answers.find((a) => a.answer === 'show svc_sql01');
  expect(show?.searches).toBeGreaterThanOrEqual(3);
  expect(show?.entries).toBeGreaterThan(1);
  // the hand-written floor reads what each answer reads: every attribute the bot asked for, and as
  // many entries (the fixtures read no object twice in one answer, so the counts are equal)
  for (const a of written.answers.filter((row) => row.answer !== 'help (transport floor)')) {
    expect({ answer: a.answer, missing: a.attributes.filter((x) => !a.floorAttributes.includes(x)) }).toEqual(
      {
        answer: a.answer,
        missing: [],
      },
    );
    expect({ answer: a.answer, entries: a.floorEntries }).toEqual({ answer: a.answer, entries: a.entries });
    expect(a.floorSearches).toBeGreaterThan(0);
  }
  // a sample at the start and every 5 answers
  expect(written.soak.curve.map((p) => p.answers)).toEqual([0, 5, 10, 15, 20]);
  expect(written.soak.curve.every((p) => p.heapAfterGcMb > 0)).toBe(true);
});
