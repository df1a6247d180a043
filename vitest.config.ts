import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'miniprogram',
          include: ['miniprogram/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'miniprogram/**/*.cloud.test.ts'],
          environment: 'jsdom',
          setupFiles: ['test/setup/miniprogram.ts'],
          globalSetup: ['test/setup/build-miniprogram.ts'],
          testTimeout: 20_000,
        },
      },
      {
        // pages against the real cloud functions on the emulator (test/miniprogram/real-cloud.ts)
        test: {
          name: 'miniprogram-cloud',
          include: ['miniprogram/**/*.cloud.test.ts'],
          environment: 'jsdom',
          setupFiles: ['test/setup/miniprogram.ts'],
          globalSetup: ['test/setup/build-miniprogram.ts', 'test/setup/real-cloud.ts'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'cloud',
          include: ['cloudfunctions/**/*.test.ts', 'database-schema/**/*.test.ts', 'emulator/**/*.test.ts', 'scripts/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/setup/build-functions.ts'],
          testTimeout: 30_000,
        },
      },
      {
        // the product in headless Chromium, started as `npm start` starts it (preview/e2e/harness.ts)
        test: {
          name: 'e2e',
          include: ['preview/**/*.e2e.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 200_000,
        },
      },
    ],
  },
});
