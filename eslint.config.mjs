// Type-checked rules over src/, test/, bench/ and scripts/.
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

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
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'botbuilder', message: 'botbuilder is imported only in src/bot/ (DESIGN §2).' },
            { name: 'restify', message: 'restify is imported only in src/bot/ (DESIGN §2).' },
            { name: 'ldapts', message: 'ldapts is imported only in src/directory/ (DESIGN §2).' },
            {
              name: 'adaptivecards-templating',
              message: 'adaptivecards-templating is imported only in src/cards/render.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/bot/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src/directory/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'botbuilder', message: 'botbuilder is imported only in src/bot/.' },
            { name: 'restify', message: 'restify is imported only in src/bot/.' },
            { name: 'adaptivecards-templating', message: 'only src/cards/render.ts.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/cards/render.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
