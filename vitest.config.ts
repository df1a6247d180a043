import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'miniprogram',
          include: ['miniprogram/**/*.test.ts'],
          environment: 'jsdom',
          setupFiles: ['test/setup/miniprogram.ts'],
          globalSetup: ['test/setup/build-miniprogram.ts'],
          testTimeout: 20_000,
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
    ],
  },
});
