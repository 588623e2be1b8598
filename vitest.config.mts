import { defineConfig } from 'vitest/config';

// Engine tests (n8n-core + emulator) and the real-n8n end-to-end suite share one runner so
// `.ci/run` can count every test from a single JSON report.
export default defineConfig({
	test: {
		include: ['test/**/*.test.mts'],
		exclude: ['**/node_modules/**', 'dist/**', process.env.E2E === '0' ? 'test/e2e/**' : '__none__'],
		testTimeout: 60_000,
		hookTimeout: 120_000,
		pool: 'forks',
		reporters: process.env.CI_JSON_REPORT
			? ['default', ['json', { outputFile: process.env.CI_JSON_REPORT }]]
			: ['default'],
	},
});
