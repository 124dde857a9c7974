import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    pool: 'forks',
    // A developer's own ~/.config/webhook-kit/config.json must not change what the CLI does in tests.
    // The inspector on a free port: parallel listens must not race for the default one (and say so).
    env: { XDG_CONFIG_HOME: '/nonexistent/webhook-kit-tests', WEBHOOK_KIT_INSPECTOR_PORT: '0' },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The JSON report lets .ci/run print a plain "N passed, N failed" closing line.
    reporters: ['default', ['json', { outputFile: 'test-results.json' }]],
  },
});
