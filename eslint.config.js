// Lint rules that guard the architecture in ../shared/STYLE.md: the math lives once in src/model,
// and only the worker touches TensorFlow.js.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'public/', 'coverage/', 'playwright-report/', 'test-results/', '.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/model/**', 'src/data/**', 'src/eval/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['react', 'react-dom', 'zustand', '**/ui/**', '**/state/**', '**/worker/**'], message: 'src/model, src/data and src/eval are pure: no React, store or worker imports.' },
            { group: ['node:*', 'fs', 'path'], message: 'src/model, src/data and src/eval run in the browser too: file I/O belongs in scripts/.' },
          ],
        },
      ],
    },
  },
);
