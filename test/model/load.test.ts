import { loadCatalog } from '../../src/model';
import { SMALL_REGISTRIES, SMALL_SAMPLES, smallFleet, workspace } from '../support/fixtures';

describe('loadCatalog', () => {
  test('reads a helper the catalog files import anew on every load', () => {
    // GIVEN a fleet file that takes its git repository from a helper of the catalog folder
    const repo = (url: string) => `export const gitops = { repoURL: ${JSON.stringify(url)} };\n`;
    const ws = workspace({
      'catalogs/_gitops.ts': repo('https://git.example.com/a.git'),
      'catalogs/fleet.ts': `import { gitops } from './_gitops';\nexport default { ...${JSON.stringify(smallFleet())}, gitops };\n`,
      'catalogs/registries.ts': SMALL_REGISTRIES,
      'catalogs/samples.ts': SMALL_SAMPLES,
    });
    expect(loadCatalog(ws.catalogDir).fleet.gitops.repoURL).toBe('https://git.example.com/a.git');
    // WHEN the helper changes in the same process
    ws.write('catalogs/_gitops.ts', repo('https://git.example.com/b.git'));
    // THEN the next load sees the change
    expect(loadCatalog(ws.catalogDir).fleet.gitops.repoURL).toBe('https://git.example.com/b.git');
  });

  test('fails naming the catalog file when a file it imports does not exist', () => {
    // GIVEN a fleet file importing a helper that is not there
    const ws = workspace({
      'catalogs/fleet.ts': `import { gitops } from './_missing';\nexport default { ...${JSON.stringify(smallFleet())}, gitops };\n`,
      'catalogs/registries.ts': SMALL_REGISTRIES,
      'catalogs/samples.ts': SMALL_SAMPLES,
    });
    // WHEN it loads THEN the error names the file
    expect(() => loadCatalog(ws.catalogDir)).toThrow(/catalogs\/fleet\.ts[\s\S]*a TypeScript module that loads[\s\S]*_missing/);
  });
});
