import * as fs from 'node:fs';
import * as path from 'node:path';
import { catalogReferenceFiles } from './render';

/**
 * `npm run schemas`: writes the JSON Schemas of the catalog files and docs/CATALOG.md.
 * `--check` (part of `npm run check`): exit 1 naming the stale files instead of writing.
 */
function main(argv: readonly string[]): number {
  const root = path.resolve(__dirname, '../..');
  const check = argv.includes('--check');
  const stale: string[] = [];
  for (const [file, content] of catalogReferenceFiles(root)) {
    const target = path.join(root, file);
    const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
    if (current === content) continue;
    stale.push(file);
    if (check) continue;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
  }
  if (check && stale.length > 0) {
    process.stderr.write(`the catalog reference is not what src/model/ defines (${stale.length} file(s)); run \`npm run schemas\` and commit:\n${stale.map((f) => `  differs or missing: ${f}\n`).join('')}`);
    return 1;
  }
  if (!check) process.stdout.write(stale.length === 0 ? 'catalog reference up to date\n' : `written: ${stale.join(', ')}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
