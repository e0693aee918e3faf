// Lint rules that guard the architecture in ../shared/STYLE.md: the math lives once in src/model,
// only the worker touches TensorFlow.js (the main thread may import src/model's plain TypeScript;
// src/mainThread.test.ts walks its imports), and the worker never reaches into the UI or the store.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'public/',
      'coverage/',
      'playwright-report/',
      'test-results/',
      '.tmp/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/model/**', 'src/data/**', 'src/eval/**', 'src/train/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['react', 'react-dom', 'zustand', '**/ui/**', '**/state/**', '**/worker/**'],
              message:
                'src/model, src/data, src/eval and src/train are pure: no React, store or worker imports.',
            },
            {
              group: ['node:*', 'fs', 'path'],
              message:
                'src/model, src/data, src/eval and src/train run in the browser too: file I/O belongs in scripts/.',
            },
          ],
        },
      ],
    },
  },
  {
    // The method registry is read by the main thread too: plain data, nothing else.
    files: ['src/methods/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@tensorflow/*',
                'react',
                'react-dom',
                'zustand',
                '**/model/**',
                '**/ui/**',
                '**/state/**',
                '**/worker/**',
                '**/eval/**',
                '**/train/**',
                'node:*',
              ],
              message: 'src/methods/registry.ts is plain data every layer reads: it imports nothing.',
            },
          ],
        },
      ],
    },
  },
  {
    // Issue 13: a newcomer finds their way when a file does one job and a function fits on a screen
    // or three. No source file over 350 lines, no function (components and closures too) over 150.
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'max-lines': ['error', { max: 350 }],
      'max-lines-per-function': ['error', { max: 150 }],
    },
  },
  {
    // Titles, genres and every other data-derived string reach the DOM as text, never as markup.
    files: ['src/**', 'bench/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'Render data as text: React escapes it; markup from data is an XSS hole.',
        },
        {
          selector: 'AssignmentExpression[left.property.name=/^(innerHTML|outerHTML)$/]',
          message: 'Set textContent or render with React: innerHTML parses data as markup.',
        },
        {
          selector: "CallExpression[callee.property.name='insertAdjacentHTML']",
          message: 'Insert text or elements: insertAdjacentHTML parses data as markup.',
        },
      ],
    },
  },
  {
    files: ['src/ui/**', 'src/state/**', 'src/main.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@tensorflow/*'],
              message:
                'TensorFlow.js runs only in the worker (src/worker). Plain TypeScript in src/model may be imported; src/mainThread.test.ts checks that nothing reachable imports tfjs.',
            },
            {
              group: [
                '**/worker/handler',
                '**/worker/load',
                '**/worker/download',
                '**/worker/adaptation',
                '**/worker/session',
                '**/worker/compare',
                '**/worker/backend',
                '**/worker/adapt.worker',
                '**/worker/importHandler',
                '**/worker/import.worker',
              ],
              message:
                'The main thread talks to the workers through src/worker/client, importClient and their protocols only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/worker/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['react', 'react-dom', 'zustand', '**/ui/**', '**/state/**'],
              message: 'The worker never imports the UI or the store.',
            },
          ],
        },
      ],
    },
  },
  {
    // The offline copy: a small service worker and the page's side of it; no model, no UI, no store.
    files: ['src/offline/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@tensorflow/*',
                'react',
                'react-dom',
                'zustand',
                '**/model/**',
                '**/ui/**',
                '**/state/**',
                '**/worker/**',
              ],
              message: 'src/offline is the service worker and its registration: it imports only src/offline.',
            },
          ],
        },
      ],
    },
  },
  {
    // The import worker parses files: it starts fast and stays small, so no TensorFlow.js and no model.
    files: ['src/worker/import*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@tensorflow/*', '**/model/**', './handler', './backend', './compare', './client'],
              message:
                'The import worker loads no TensorFlow.js: it imports src/data/import and its protocol only.',
            },
            {
              group: ['react', 'react-dom', 'zustand', '**/ui/**', '**/state/**'],
              message: 'The worker never imports the UI or the store.',
            },
          ],
        },
      ],
    },
  },
);
