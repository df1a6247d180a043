import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['node_modules/', 'build/', '.cloud-data/', '.test-artifacts/', 'miniprogram/miniprogram_npm/', 'coverage/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { wx: 'readonly', Component: 'readonly', App: 'readonly', Page: 'readonly', getApp: 'readonly', getCurrentPages: 'readonly', Behavior: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error', 'info', 'log'] }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // the mini-program runs on the phone: no console.log noise
    files: ['miniprogram/**/*.ts'],
    ignores: ['miniprogram/**/*.test.ts'],
    rules: { 'no-console': ['error', { allow: ['warn', 'error'] }] },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly' } },
  },
);
