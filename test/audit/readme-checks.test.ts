import { readFileSync } from 'node:fs';
import path from 'node:path';
import { allChecks } from '../../src/audit/checks';

const readme = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

/** The rows of the "## The checks" table: id → severity column. */
function checkRows(): Map<string, string> {
  const section = readme.split('## The checks')[1]?.split('\n## ')[0] ?? '';
  const rows = new Map<string, string>();
  for (const line of section.split('\n')) {
    const match = /^\|\s*`([a-z-]+)`\s*\|\s*([^|]+?)\s*\|/.exec(line);
    if (match) rows.set(match[1]!, match[2]!.trim());
  }
  return rows;
}

describe('README "The checks"', () => {
  it('has one row per check of the catalogue, in catalogue order, and no other', () => {
    expect([...checkRows().keys()]).toEqual(allChecks.map((c) => c.id));
  });

  it.each(allChecks.map((c) => [c.id, c.severity] as const))(
    'states the usual severity of %s',
    (id, severity) => {
      expect(checkRows().get(id)?.split(' ')[0]).toBe(severity);
    },
  );

  it('replaced the placeholder', () => {
    expect(readme).not.toContain('<!-- CHECKS -->');
  });
});
