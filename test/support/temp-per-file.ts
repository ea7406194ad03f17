import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// Each test file gets its own temp folder, deleted after its tests: it also catches what libraries make there
// (cdk8s `Testing.app()` makes a `cdk8s.outdir.*` folder per app and never deletes it). Jest's sandboxed
// `process.env` does not reach node's os.tmpdir(), so os.tmpdir() itself is redirected, for this file's worker.
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'test-file-'));
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the core module object itself, not TypeScript's read-only copy
const tmpdir = jest.spyOn(require('node:os') as typeof os, 'tmpdir').mockReturnValue(folder);

afterAll(() => {
  tmpdir.mockRestore();
  fs.rmSync(folder, { recursive: true, force: true });
});
