import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Gateway and browser suites bind loopback ports and spawn processes; run files in a few forks only.
    pool: 'forks',
    maxWorkers: 2
  }
})
