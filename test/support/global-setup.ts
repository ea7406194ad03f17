import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Gives the run a temp folder of its own (`TMPDIR`, which os.tmpdir(), the workers and every child process read),
 * so global-teardown.ts can prove the tests leave nothing behind, even while other runs share the machine.
 */
export default function globalSetup(): void {
  process.env.OCP_IMAGE_CATALOG_OUTER_TMPDIR = os.tmpdir();
  process.env.TMPDIR = fs.mkdtempSync(path.join(os.tmpdir(), 'ocp-image-catalog-test-run-'));
}
