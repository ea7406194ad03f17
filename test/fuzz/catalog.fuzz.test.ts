import fc from 'fast-check';
import { parse } from 'yaml';
import { CatalogError, parseCatalog } from '../../src/model';
import { HEALTH_CHECKS_FOLDER } from '../../src/output';
import { compile } from '../../src/pipeline';
import { upstreamSchemas } from '../../src/validation/upstream-schemas';
import { sourcesArb } from '../support/arbitraries';

/**
 * `npm test` runs 300 cases (about 7 s; each side of the property is reached some 20 to 150 times); `npm run fuzz`
 * runs 10,000 (FUZZ_RUNS).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

describe('generated catalogs', () => {
  test(`${RUNS} valid and invalid catalogs: a valid synth or a CatalogError, never another exception`, () => {
    const outcomes = { catalogError: 0, findings: 0, synthesized: 0 };
    fc.assert(
      fc.property(sourcesArb, ({ sources }) => {
        // GIVEN a generated catalog, possibly with mistakes
        let catalog;
        try {
          catalog = parseCatalog('catalogs', new Map(Object.entries(sources)));
        } catch (error) {
          // THEN either it is rejected with a CatalogError that names a catalog file and field…
          if (!(error instanceof CatalogError)) throw error;
          expect(error.problems.length).toBeGreaterThan(0);
          for (const p of error.problems) expect(p.file).toMatch(/^catalogs\//);
          outcomes.catalogError++;
          return;
        }
        // …or it compiles, and every object it emits validates against its upstream schema
        const compilation = compile(catalog, new Map());
        if (!compilation.files) {
          expect(compilation.findings.some((f) => f.severity === 'error')).toBe(true);
          outcomes.findings++;
          return;
        }
        for (const [file, content] of compilation.files) {
          if (file.startsWith('reports/') || file.startsWith(`${HEALTH_CHECKS_FOLDER}/`)) continue;
          const violations = upstreamSchemas().validate(parse(content));
          if (violations.length > 0) throw new Error(`${file}: ${JSON.stringify(violations)}`);
        }
        outcomes.synthesized++;
      }),
      { numRuns: RUNS },
    );
    // Both sides of the property were exercised.
    expect(outcomes.catalogError).toBeGreaterThan(0);
    expect(outcomes.synthesized).toBeGreaterThan(0);
  }, 600_000);
});
