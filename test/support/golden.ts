import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Compares `actual` with the golden file; `UPDATE_GOLDEN=1 npx jest …` rewrites it instead
 * (then read the change in `git diff` before committing it).
 */
export function expectGolden(file: string, actual: string): void {
  if (process.env.UPDATE_GOLDEN === '1') {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
  }
  if (!fs.existsSync(file)) throw new Error(`no golden file ${file}; run with UPDATE_GOLDEN=1 to create it`);
  expect(actual).toBe(fs.readFileSync(file, 'utf8'));
}
