import * as fs from 'node:fs';
import * as path from 'node:path';

/** `UPDATE_GOLDEN=1 npx jest …` rewrites golden files instead of comparing (then read the change in `git diff`). */
const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** Compares `actual` with the golden file, or rewrites it under `UPDATE_GOLDEN=1`. */
export function expectGolden(file: string, actual: string): void {
  if (UPDATE) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
  }
  if (!fs.existsSync(file)) throw new Error(`no golden file ${file}; run with UPDATE_GOLDEN=1 to create it`);
  expect(actual).toBe(fs.readFileSync(file, 'utf8'));
}

/** Compares `actual` (relative path → content) with every file under the golden folder, or rewrites the folder. */
export function expectGoldenTree(dir: string, actual: ReadonlyMap<string, string>): void {
  if (UPDATE) {
    fs.rmSync(dir, { recursive: true, force: true });
    for (const [file, content] of actual) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), content);
    }
  }
  if (!fs.existsSync(dir)) throw new Error(`no golden folder ${dir}; run with UPDATE_GOLDEN=1 to create it`);
  const files = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => fs.statSync(path.join(dir, f)).isFile());
  const golden = new Map(files.map((f) => [f.split(path.sep).join('/'), fs.readFileSync(path.join(dir, f), 'utf8')]));
  expect(new Map([...actual].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))).toStrictEqual(
    new Map([...golden].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  );
}
