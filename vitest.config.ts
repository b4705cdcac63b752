import { configDefaults, defineConfig } from 'vitest/config';

/** What every project shares; each project names its database (tests/helpers/databases.ts). */
const common = {
  environment: 'node',
  testTimeout: 30_000,
  hookTimeout: 120_000,
} as const;

export default defineConfig({
  test: {
    globalSetup: ['tests/helpers/global-setup.ts'],
    // Two cores: the browser tests and the simulation each want one to themselves.
    maxWorkers: 2,
    reporters: ['default', './tests/helpers/summary-reporter.ts'],
    projects: [
      {
        test: {
          ...common,
          name: 'sqlite',
          include: ['tests/**/*.test.ts'],
          // Writers that interleave exist only on PostgreSQL: SQLite has one writer at a time.
          exclude: [...configDefaults.exclude, 'tests/postgres/**'],
          provide: { database: 'sqlite' },
        },
      },
      {
        // The server's tests and the simulation again, against PostgreSQL. The device tests never
        // reach a server, and the end-to-end tests exercise the browser: once, on SQLite, is enough.
        test: {
          ...common,
          name: 'postgres',
          include: ['tests/server/**/*.test.ts', 'tests/sim/**/*.test.ts', 'tests/postgres/**/*.test.ts'],
          provide: { database: 'postgres' },
        },
      },
    ],
  },
});
