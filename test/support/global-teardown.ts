import * as fs from 'node:fs';

/** Caches tools keep in the temp folder on purpose (tsx, run by child processes), deleted with the run's folder. */
const TOOL_CACHES = /^tsx-\d+$/;

/** Fails the run when a test left anything in the run's temp folder (global-setup.ts), then deletes it. */
export default function globalTeardown(): void {
  const runTmp = process.env.TMPDIR;
  const outer = process.env.OCP_IMAGE_CATALOG_OUTER_TMPDIR;
  if (!runTmp || !outer) throw new Error('global-setup.ts did not run');
  const left = fs.readdirSync(runTmp).filter((entry) => !TOOL_CACHES.test(entry));
  fs.rmSync(runTmp, { recursive: true, force: true });
  process.env.TMPDIR = outer;
  if (left.length > 0) {
    throw new Error(
      `tests left ${left.length} entries in the temp folder (${left.join(', ')}): ` +
        `make them with tempDir() or workspace() from test/support/fixtures.ts, ` +
        `which delete them`,
    );
  }
}
