import tseslint from 'typescript-eslint';

const serverOnly = ['express', 'express/*', 'mongoose', 'mongodb', 'multer'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'tools/**', 'coverage/**', 'designer/dist/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    // Tests read loosely typed JSON answers.
    files: ['tests/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The runtime is a headless engine: no server, no database driver, no DOM.
    files: ['runtime/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/**', '../server/*', '../../server/*'],
              message: 'runtime/ must not import server/.',
            },
            { group: ['**/designer/**'], message: 'runtime/ must not import designer/.' },
            {
              group: serverOnly,
              message: 'runtime/ must stay free of express and database drivers.',
            },
            { group: ['node:vm', 'vm'], message: 'Expressions are data, never code (D6).' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'HTMLElement'],
    },
  },
  {
    // The browser app talks to the server over HTTP only; it may read the runtime's
    // pure tables (what the runtime supports) but no server code and no Node APIs.
    files: ['designer/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/server/**'], message: 'designer/ talks to the server over HTTP only.' },
            { group: [...serverOnly, 'node:*'], message: 'designer/ runs in the browser.' },
          ],
        },
      ],
    },
  },
  {
    // Schemas are the contract: they import nothing from the others.
    files: ['schemas/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/**', '**/runtime/**', '**/designer/**'],
              message: 'schemas/ imports nothing from the others.',
            },
            { group: serverOnly, message: 'schemas/ imports no libraries of the server.' },
          ],
        },
      ],
    },
  },
);
