import tseslint from 'typescript-eslint';

const serverOnly = ['express', 'express/*', 'mongoose', 'mongodb', 'multer'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'tools/**', 'coverage/**', 'designer/dist/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
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
            { group: ['**/server/**', '../server/*', '../../server/*'], message: 'runtime/ must not import server/.' },
            { group: ['**/designer/**'], message: 'runtime/ must not import designer/.' },
            { group: serverOnly, message: 'runtime/ must stay free of express and database drivers.' },
            { group: ['node:vm', 'vm'], message: 'Expressions are data, never code (D6).' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'HTMLElement'],
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
            { group: ['**/server/**', '**/runtime/**', '**/designer/**'], message: 'schemas/ imports nothing from the others.' },
            { group: serverOnly, message: 'schemas/ imports no libraries of the server.' },
          ],
        },
      ],
    },
  },
);
