/**
 * Benchmark child (a): this project's full synth, `synth()` of src/pipeline/pipeline.ts as `npm run synth`
 * runs it (catalog files evaluated, compiled, checked, written atomically), timed from the call to its
 * end. Bundled like the command line (scripts/build.js). Prints one JSON line.
 *
 * usage: synth-child.js <catalog-dir> <dist-dir>
 */
import { synth } from '../src/pipeline';

async function measure(): Promise<void> {
  const [catalogDir, distDir] = process.argv.slice(2);
  const started = performance.now();
  const { findings, write } = await synth({ catalogDir, distDir });
  const ms = performance.now() - started;
  const errors = findings.filter((f) => f.severity === 'error');
  if (!write) throw new Error(`the catalog has ${errors.length} error finding(s): ${errors.map((f) => f.message).join('; ')}`);
  const result = {
    ms,
    maxRssKb: process.resourceUsage().maxRSS,
    written: write.written.length,
    removed: write.removed.length,
    unchanged: write.unchanged,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

void measure();
