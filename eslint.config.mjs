// Type-checked rules over src/, test/, bench/ and scripts/.
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The folder arrows of DESIGN §2: which folders of src/ each folder may import (its own always).
 * Only src/main.ts wires adapters and may import every folder. A folder added to src/ must be listed.
 */
export const layers = {
  domain: [],
  audit: ['domain'],
  // limits: every directory read passes the concurrency gate
  directory: ['domain', 'config', 'limits'],
  // the digest and approval commands drive those services; store: its ports only
  // audit-trail: the trail commands read the verdict and the entries
  commands: ['domain', 'audit', 'cards', 'digest', 'approvals', 'store', 'audit-trail'],
  cards: ['domain'],
  // digest: the bot implements the digest's ProactiveSender port
  bot: ['config', 'cards', 'domain', 'digest'],
  // audit-trail: the SQL adapter chains entries with the trail's hash
  store: ['domain', 'audit-trail'],
  'audit-trail': ['domain'],
  // a SIEM sink for the audit trail's forwarder
  siem: ['audit-trail'],
  config: ['domain'],
  // commands: the guard classifies a turn with the command parser before the router runs it
  access: ['domain', 'commands', 'cards'],
  // store: its ports only (the adapters are closed to everyone but main.ts, below)
  approvals: ['domain', 'audit', 'store'],
  // cards: the digest card's data and size budget; config: the logger
  digest: ['domain', 'audit', 'approvals', 'store', 'cards', 'config'],
  // cards: the polite rate-limit card
  limits: ['cards'],
};

/** Packages only one place may import. */
const packageHomes = [
  { name: 'botbuilder', home: 'src/bot/', message: 'botbuilder is imported only in src/bot/ (DESIGN §2).' },
  { name: 'restify', home: 'src/bot/', message: 'restify is imported only in src/bot/ (DESIGN §2).' },
  {
    name: 'ldapts',
    home: 'src/directory/',
    message: 'ldapts is imported only in src/directory/ (DESIGN §2).',
  },
  {
    name: 'adaptivecards-templating',
    home: 'src/cards/render.ts',
    message: 'adaptivecards-templating is imported only in src/cards/render.ts (DESIGN §2).',
  },
];

function restrictions(file, folder) {
  const paths = packageHomes
    .filter((p) => !file.startsWith(p.home))
    .map(({ name, message }) => ({ name, message }));
  const allowed = new Set([folder, ...(layers[folder] ?? [])]);
  const forbidden = folder === null ? [] : Object.keys(layers).filter((f) => !allowed.has(f));
  const patterns =
    forbidden.length === 0
      ? []
      : [
          {
            // a relative import that climbs to src/ and enters a forbidden folder; `main` is the composition root
            regex: `^(\\.\\./)+(${[...forbidden, 'main'].join('|')})(/|$)`,
            message: `src/${folder}/ may import only ${[...allowed].map((f) => `src/${f}/`).join(', ')} (DESIGN §2).`,
          },
        ];
  // the SQL adapters behind the store ports are wired by main.ts alone
  if (folder !== 'store') {
    patterns.push({
      regex: '^(\\.\\./)+store/(sql-|sqlite-|postgres-|open-store|migrations)',
      message: 'Only src/main.ts opens the store; other folders use its ports (DESIGN §2).',
    });
  }
  // commands render nothing themselves: card data goes to src/cards/render-answer.ts through the router
  if (folder === 'commands') {
    patterns.push({
      regex: '^(\\.\\./)+cards/render$',
      message: 'Answers return card data; only src/cards/render-answer.ts renders (DESIGN §2).',
    });
  }
  return ['error', { paths, patterns }];
}

/** One block per folder of src/ (the renderer and the bot get their packages). */
const boundaries = [
  ...Object.keys(layers).map((folder) => ({
    files: [`src/${folder}/**/*.ts`],
    ignores: folder === 'cards' ? ['src/cards/render.ts'] : [],
    rules: { 'no-restricted-imports': restrictions(`src/${folder}/x.ts`, folder) },
  })),
  {
    files: ['src/cards/render.ts'],
    rules: { 'no-restricted-imports': restrictions('src/cards/render.ts', 'cards') },
  },
  // the composition root wires every folder, but the packages keep their homes
  { files: ['src/main.ts'], rules: { 'no-restricted-imports': restrictions('src/main.ts', null) } },
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'test-output/**',
      '.demo/**',
      'devTools/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  ...boundaries,
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
