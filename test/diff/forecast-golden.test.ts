import * as fs from 'node:fs';
import * as path from 'node:path';
import { clusterEnvironments, type DiffBase, diffOutputs, forecastOutputs, renderMarkdown } from '../../src/diff';
import { type FleetInput, loadCatalog } from '../../src/model';
import { compile } from '../../src/pipeline';
import {
  SMALL_CURATION,
  SMALL_REGISTRIES,
  SMALL_SAMPLES,
  smallFleet,
  smallImage,
  smallJenkinsTemplate,
  templateCatalogFiles,
  workspace,
} from '../support/fixtures';
import { expectGolden } from '../support/golden';

const BASE: DiffBase = { ref: 'main', commit: '0123456789abcdef0123456789abcdef01234567', mergeBase: true };
const roots: string[] = [];
afterAll(() => {
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});

function fleet(withDr: boolean): FleetInput {
  const small = smallFleet({ curation: SMALL_CURATION });
  const dr = {
    name: 'dr',
    openshiftVersion: '4.23',
    role: 'consumer' as const,
    environment: 'prod' as const,
    destination: { server: 'https://api.dr.example.com:6443' },
  };
  return { ...small, clusters: [...small.clusters, ...(withDr ? [dr] : [])] };
}

function output(files: Record<string, string | object>) {
  const ws = workspace(files);
  roots.push(ws.root);
  const catalog = loadCatalog(ws.catalogDir);
  const compilation = compile(catalog, new Map());
  expect(compilation.findings.filter((f) => f.severity === 'error')).toStrictEqual([]);
  return { catalog, files: compilation.files! };
}

describe('diff with the apply forecast (golden)', () => {
  test('a version retired, a tag mirror on one production cluster, a production cluster removed, samples and a template default changed', () => {
    // GIVEN four clusters with patroni 1.1.0 (stable) and 1.2.0 and a Jenkins template
    const before = output(
      templateCatalogFiles('catalogs', {
        'fleet.ts': fleet(true),
        'images/patroni.ts': smallImage({ versions: [{ version: '1.1.0' }, { version: '1.2.0' }], tracking: { stable: '1.1.0' } }),
        'templates/jenkins.ts': smallJenkinsTemplate(),
      }),
    );
    // AND a working tree that retires 1.1.0, mirrors quay.io by tag on prod, drops dr, keeps ruby instead of python and raises Jenkins' memory
    const after = output(
      templateCatalogFiles('catalogs', {
        'fleet.ts': fleet(false),
        'registries.ts': {
          ...SMALL_REGISTRIES,
          clusters: { prod: { imageTagMirrors: [{ source: 'quay.io', mirrors: ['mirror.example.com/quay'] }] } },
        },
        'samples.ts': { ...SMALL_SAMPLES, keepImagestreams: ['nodejs', 'ruby'] },
        'images/patroni.ts': smallImage({ versions: [{ version: '1.2.0' }], tracking: { stable: '1.2.0' } }),
        'templates/jenkins.ts': smallJenkinsTemplate({ resources: { requests: { cpu: '100m', memory: '512Mi' }, limits: { memory: '2Gi' } } }),
      }),
    );
    // WHEN summarized with the forecast
    const summary = diffOutputs(before.files, after.files, clusterEnvironments(after.catalog.fleet, before.files));
    const forecast = forecastOutputs(
      before.files,
      after.files,
      summary,
      new Map(after.catalog.fleet.clusters.map((c) => [c.name, c.openshiftVersion])),
    );
    // THEN the markdown is the golden one, and the gates are what a CI gate would see
    expectGolden(path.join(__dirname, 'golden/forecast.md'), renderMarkdown(summary, BASE, forecast));
    expect(forecast.gates).toStrictEqual(expect.arrayContaining(['drain', 'removal', 'tag-removal', 'repoint']));
    expect(forecast.clusters.find((c) => c.cluster === 'prod')!.risk).toBe(
      'every node drained, CRI-O reloaded (ImageTagMirrorSet mirror-quay.io added); tag removed: patroni:1.1.0',
    );
    expect(forecast.clusters.find((c) => c.cluster === 'dr')!.risk).toMatch(/^removed from the fleet; /);
  });
});
