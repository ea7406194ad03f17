import * as path from 'node:path';
import { syncReference } from './render';

/**
 * `npm run schemas`: writes the JSON Schemas of the catalog files and docs/CATALOG.md.
 * `--check` (part of `npm run check`): exit 1 naming the stale files instead of writing.
 */
function main(argv: readonly string[]): number {
  const root = path.resolve(__dirname, '../..');
  const check = argv.includes('--check');
  const stale = syncReference(root, check);
  if (check && stale.length > 0) {
    process.stderr.write(
      `the catalog reference is not what src/model/ defines (${stale.length} ` +
        `file(s)); run \`npm run schemas\` and commit:\n${stale.map((f) => `  differs or missing: ${f}\n`).join('')}`,
    );
    return 1;
  }
  process.stdout.write(check || stale.length === 0 ? 'schemas/catalog/ and docs/CATALOG.md are up to date.\n' : `written: ${stale.join(', ')}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
