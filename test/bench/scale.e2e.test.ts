/**
 * `npm run bench -- --smoke` in small: the scale bench end to end against the tests' DC (floors, the
 * bot in its own process over HTTP, 50 users at once, a short soak), so it cannot rot. It checks that
 * every part produced figures, never how fast they are.
 */
import { benchScale } from '../../bench/scale';
import { dcDir } from '../support/dc';

jest.setTimeout(300_000);

test('the scale bench prints a row with a floor for every answer, concurrency and a soak curve', async () => {
  const lines: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((line: unknown) => {
    lines.push(String(line));
  });
  try {
    await benchScale({
      dcDir: dcDir(),
      smoke: true,
      soakAnswers: 20,
      botArgs: ['--import', 'tsx', 'src/main.ts'],
    });
  } finally {
    log.mockRestore();
  }
  const table = lines.join('\n');
  for (const answer of [
    'find sMSAs on SRV01',
    'show svc_sql01',
    'list sMSAs (first page)',
    'audit privileged sMSAs',
    'audit sMSAs',
  ]) {
    expect(table).toMatch(
      new RegExp(`^\\| ${answer.replace(/[()]/g, '\\$&')} \\| \\d[\\d.]* ms \\| .* \\| \\d+ MB \\|$`, 'm'),
    );
  }
  expect(table).toMatch(/50 users at once: lookups p95 +\d/);
  expect(table).toMatch(/soak: 20 answers in \d+ s, peak RSS \d+ MB/);
});
