import { readFileSync } from 'node:fs';
import path from 'node:path';
import { HELP_COMMANDS } from '../../src/commands/answers/help';
import { parseCommand } from '../../src/commands/parse/parse-command';
import { parseCommands } from '../../scripts/app-package';

// Teams shows the manifest's command list in the compose box; each entry must be something the bot
// understands and the help card teaches.
const commands = parseCommands(
  JSON.parse(readFileSync(path.join(__dirname, '../../manifest/commands.json'), 'utf8')) as unknown,
);

describe('the manifest command list and the help card', () => {
  it.each(commands.map((c) => [c.title]))('"%s" is a command the bot understands', (title) => {
    expect(parseCommand(title).kind).not.toBe('unknown');
  });

  it('every manifest command is taught by the help card (same command, perhaps another example)', () => {
    const taught = new Set(HELP_COMMANDS.map((entry) => parseCommand(entry.example).kind));
    for (const { title } of commands) expect(taught).toContain(parseCommand(title).kind);
  });
});
