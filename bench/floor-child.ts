/**
 * Benchmark child (b), the floor: the very objects synth emits (read from a JSON file the parent
 * prepared, untimed) serialized with `yaml` as it comes and written one file per object, without
 * cdk8s, checks, canonical key order or atomic swap. Prints one JSON line.
 *
 * usage: floor-child.js <objects.json> <out-dir>
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';

const [objectsFile, outDir] = process.argv.slice(2);
const objects = JSON.parse(fs.readFileSync(objectsFile, 'utf8')) as Array<[string, unknown]>;
const started = performance.now();
const made = new Set<string>();
for (const [file, object] of objects) {
  const target = path.join(outDir, file);
  const dir = path.dirname(target);
  if (!made.has(dir)) {
    fs.mkdirSync(dir, { recursive: true });
    made.add(dir);
  }
  fs.writeFileSync(target, stringify(object));
}
const ms = performance.now() - started;
process.stdout.write(`${JSON.stringify({ ms, maxRssKb: process.resourceUsage().maxRSS, written: objects.length })}\n`);
