import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  CARD_VERB_RULES,
  COMMAND_RULES,
  accessTableMarkdown,
  cardVerbRequirement,
  commandRequirement,
} from '../../src/access/access-table';
import { CARD_ACTION_VERBS } from '../../src/commands/route';
import { parseCommand } from '../../src/commands/parse/parse-command';

describe('the access table', () => {
  it('has one row per command kind, each example parsing to its kind', () => {
    for (const rule of COMMAND_RULES) expect(parseCommand(rule.example).kind).toBe(rule.kind);
    expect(new Set(COMMAND_RULES.map((r) => r.kind)).size).toBe(COMMAND_RULES.length);
  });

  it('understands whoami however it is typed', () => {
    for (const text of ['whoami', 'who am I?', 'Who am i', 'whoamI'])
      expect(parseCommand(text).kind).toBe('whoami');
    expect(parseCommand('who is svc_sql01').kind).toBe('unknown');
  });

  it('covers every verb the cards emit, and no other', () => {
    expect(CARD_VERB_RULES.map((r) => r.verb).sort()).toEqual([...CARD_ACTION_VERBS].sort());
  });

  it('lets anyone ask whoami and nothing else', () => {
    const open = [...COMMAND_RULES, ...CARD_VERB_RULES].filter((r) => r.requires === 'anyone');
    expect(open).toEqual([expect.objectContaining({ kind: 'whoami' })]);
    expect(cardVerbRequirement('no.such.verb')).toBe('reader');
    expect(commandRequirement('help')).toBe('reader');
  });

  it('is in the README exactly as the code enforces it', () => {
    const readme = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    expect(readme).toContain(accessTableMarkdown());
  });
});
