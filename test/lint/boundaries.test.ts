import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/**
 * ESLint's Node API (`new ESLint()`, `lintText`) with the project's eslint.config.mjs, in a child
 * process: the config is an ES module, which Jest's CommonJS sandbox cannot import.
 */
const LINT = `
const { ESLint } = require('eslint');
const cases = JSON.parse(process.argv[1]);
const eslint = new ESLint({
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
  ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
});
Promise.all(
  cases.map(([filePath, code]) =>
    eslint.lintText(code, { filePath }).then(([result]) => result.messages.map((m) => m.ruleId + ': ' + m.message)),
  ),
).then((all) => process.stdout.write(JSON.stringify(all)));
`;

/** The import errors of each `[filePath, code]`, from one ESLint process. */
async function importErrors(cases: readonly (readonly [string, string])[]): Promise<string[][]> {
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', LINT, JSON.stringify(cases)]);
  return JSON.parse(stdout) as string[][];
}

const refused: [string, string, string][] = [
  [
    'src/domain/x.ts',
    "import { runAudit } from '../audit/run-audit';",
    'src/domain/ may import only src/domain/',
  ],
  [
    'src/audit/x.ts',
    "import { parseCommand } from '../commands/parse/parse-command';",
    'src/audit/ may import only',
  ],
  [
    'src/commands/answers/x.ts',
    "import { LdapDirectory } from '../../directory/ldap-directory';",
    'src/commands/',
  ],
  [
    'src/commands/answers/x.ts',
    "import { renderCard } from '../../cards/render';",
    'only src/cards/render-answer.ts renders',
  ],
  ['src/bot/x.ts', "import { answerText } from '../commands/route';", 'src/bot/ may import only'],
  [
    'src/approvals/x.ts',
    "import { openStore } from '../store/open-store';",
    'Only src/main.ts opens the store',
  ],
  ['src/config/x.ts', "import { allChecks } from '../audit/checks';", 'src/config/ may import only'],
  ['src/digest/x.ts', "import { WardenBot } from '../bot/warden-bot';", 'src/digest/ may import only'],
  ['src/cards/x.ts', "import { Template } from 'adaptivecards-templating';", 'only in src/cards/render.ts'],
  ['src/commands/x.ts', "import { Client } from 'ldapts';", 'only in src/directory/'],
  ['src/main.ts', "import { TurnContext } from 'botbuilder';", 'only in src/bot/'],
];

const allowed: [string, string][] = [
  ['src/audit/x.ts', "import type { Finding } from '../domain/finding';"],
  ['src/commands/route.ts', "import { renderAnswer } from '../cards/render-answer';"],
  ['src/approvals/x.ts', "import { runAudit } from '../audit/run-audit';"],
  ['src/digest/x.ts', "import { x } from '../approvals/x';"],
  ['src/main.ts', "import { WardenBot } from './bot/warden-bot';"],
  ['src/cards/render.ts', "import { Template } from 'adaptivecards-templating';"],
  ['src/directory/x.ts', "import { Client } from 'ldapts';"],
];

describe('folder boundaries (DESIGN §2)', () => {
  let results: string[][] = [];
  beforeAll(async () => {
    results = await importErrors(
      [...refused, ...allowed].map(([file, line]) => [file, `${line}\n`] as const),
    );
  }, 60_000);

  it.each(refused.map((c, i) => [...c, i] as const))('refuses %s: %s', (_file, _line, message, i) => {
    const errors = results[i] ?? [];
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^no-restricted-imports: /);
    expect(errors[0]).toContain(message);
  });

  it.each(allowed.map((c, i) => [...c, refused.length + i] as const))('allows %s: %s', (_file, _line, i) => {
    expect(results[i]).toEqual([]);
  });
});
