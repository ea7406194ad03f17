import { CatalogError, loadCatalog, parseCatalog, quantityValue } from '../../src/model';
import { smallJenkinsTemplate, smallSources, workspace, templateSources, templateCatalogFiles } from '../support/fixtures';

function problemsOf(sources: Map<string, unknown>) {
  try {
    parseCatalog('catalogs', sources);
  } catch (error) {
    if (error instanceof CatalogError) return error.problems;
    throw error;
  }
  throw new Error('expected a CatalogError');
}

describe('templates model', () => {
  test('reads every catalogs/templates/*.ts, with the documented defaults', () => {
    // GIVEN two template files
    const sources = templateSources({
      'catalogs/templates/jenkins.ts': smallJenkinsTemplate(),
      'catalogs/templates/jenkins-persistent.ts': smallJenkinsTemplate({ name: 'jenkins-persistent', namespace: 'ci', volumeCapacity: '5Gi' }),
    });
    // WHEN the catalog is parsed
    const { templates } = parseCatalog('catalogs', sources);
    // THEN both are read in file order, the namespace defaults to the curated one, the icon to Jenkins'
    expect(templates.map((t) => [t.file, t.namespace, t.name, t.iconClass, t.volumeCapacity])).toStrictEqual([
      ['catalogs/templates/jenkins-persistent.ts', 'ci', 'jenkins-persistent', 'icon-jenkins', '5Gi'],
      ['catalogs/templates/jenkins.ts', 'bcgov', 'jenkins', 'icon-jenkins', undefined],
    ]);
  });

  test('a catalog without templates has none', () => {
    expect(parseCatalog('catalogs', smallSources()).templates).toStrictEqual([]);
  });

  test('loads template files that share settings through an ignored _helper', () => {
    // GIVEN a helper module and a template file that spreads it
    const ws = workspace({
      ...templateCatalogFiles('catalogs'),
      'catalogs/templates/_shared.ts': `export const shared = ${JSON.stringify(smallJenkinsTemplate())};\n`,
      'catalogs/templates/jenkins.ts': `import { shared } from './_shared';\nexport default { ...shared, name: 'jenkins-from-helper' };\n`,
    });
    // WHEN the catalog is loaded THEN the helper is not a template and the template has its settings
    const { templates } = loadCatalog(ws.catalogDir);
    expect(templates.map((t) => [t.name, t.imageStreamTag])).toStrictEqual([['jenkins-from-helper', 'jenkins:2.452.0']]);
  });

  test('fails on a request above its limit, naming file, field and fix', () => {
    const sources = templateSources({ 'catalogs/templates/jenkins.ts': smallJenkinsTemplate({ resources: { requests: { cpu: '2', memory: '4Gi' }, limits: { cpu: '1500m', memory: '2048Mi' } } }) });
    expect(problemsOf(sources)).toStrictEqual([
      {
        file: 'catalogs/templates/jenkins.ts',
        field: 'resources.requests.cpu',
        expected: 'a cpu request no greater than the cpu limit (1500m)',
        received: '"2"',
        fix: 'lower the request or raise resources.limits.cpu; the API server rejects a request above its limit',
      },
      {
        file: 'catalogs/templates/jenkins.ts',
        field: 'resources.requests.memory',
        expected: 'a memory request no greater than the memory limit (2048Mi)',
        received: '"4Gi"',
        fix: 'lower the request or raise resources.limits.memory; the API server rejects a request above its limit',
      },
    ]);
  });

  test('fails on a quantity that is not one', () => {
    const sources = templateSources({ 'catalogs/templates/jenkins.ts': smallJenkinsTemplate({ volumeCapacity: '5 GB' }) });
    expect(problemsOf(sources)).toStrictEqual([{
      file: 'catalogs/templates/jenkins.ts',
      field: 'volumeCapacity',
      expected: 'a Kubernetes quantity, e.g. "250m" or "1" for CPU, "512Mi" or "2Gi" for memory and storage',
      received: '"5 GB"',
      fix: 'write a number with an optional unit, e.g. "5Gi" (Ki, Mi, Gi are binary units; k, M, G decimal)',
    }]);
  });

  test('fails on an ImageStream tag without a tag', () => {
    const sources = templateSources({ 'catalogs/templates/jenkins.ts': smallJenkinsTemplate({ imageStreamTag: 'jenkins' }) });
    expect(problemsOf(sources)).toStrictEqual([{
      file: 'catalogs/templates/jenkins.ts',
      field: 'imageStreamTag',
      expected: 'an ImageStream tag as name:tag, e.g. "jenkins:2.452"',
      received: '"jenkins"',
      fix: 'write the ImageStream name and the tag, e.g. "jenkins:latest"',
    }]);
  });

  test('fails on an agent ImageStream tag that is not name:tag', () => {
    const sources = templateSources({ 'catalogs/templates/jenkins.ts': smallJenkinsTemplate({ agentImageStreamTag: 'openshift/jenkins-agent-base' }) });
    expect(problemsOf(sources)).toStrictEqual([{
      file: 'catalogs/templates/jenkins.ts',
      field: 'agentImageStreamTag',
      expected: 'an ImageStream tag as name:tag, e.g. "jenkins:2.452"',
      received: '"openshift/jenkins-agent-base"',
      fix: 'write the ImageStream name and the tag, e.g. "jenkins-agent-base:latest"',
    }]);
  });

  test('fails on two templates with the same name in one namespace, at the second file', () => {
    const sources = templateSources({
      'catalogs/templates/a.ts': smallJenkinsTemplate(),
      'catalogs/templates/b.ts': smallJenkinsTemplate(),
    });
    expect(problemsOf(sources)).toStrictEqual([{
      file: 'catalogs/templates/b.ts',
      field: 'name',
      expected: 'a template name not used by another file in namespace bcgov',
      received: '"jenkins", already defined in catalogs/templates/a.ts',
      fix: 'rename one of the two templates',
    }]);
  });

  test('fails on a template file without a default export, and on a file that is not a template', () => {
    const sources = templateSources({ 'catalogs/templates/jenkins.ts': undefined, 'catalogs/templates/notes.yaml': {} });
    expect(problemsOf(sources)).toStrictEqual([
      { file: 'catalogs/templates/jenkins.ts', field: '', expected: 'export default defineJenkinsTemplate({ name: ..., ... })', received: 'no default export', fix: 'add `export default` before the definition' },
      {
        file: 'catalogs/templates/notes.yaml',
        field: '',
        expected: 'a known catalog file: catalogs/fleet.ts, catalogs/registries.ts, catalogs/samples.ts, ' + 'catalogs/templates/jenkins.ts, or catalogs/images/<image>.ts',
        received: 'a file the compiler does not read',
        fix: 'move or rename the file to one of the expected names, or delete it',
      },
    ]);
  });

  test('fails on an unknown setting', () => {
    const sources = templateSources({ 'catalogs/templates/jenkins.ts': smallJenkinsTemplate({ memoryLimit: '2Gi' }) });
    expect(problemsOf(sources).map((p) => [p.field, p.received])).toStrictEqual([['memoryLimit', 'unknown field `memoryLimit`']]);
  });
});

describe('quantityValue', () => {
  test.each([['500m', 0.5], ['1', 1], ['1.5', 1.5], ['2k', 2000], ['1Ki', 1024], ['2Gi', 2 * 1024 ** 3], ['2048Mi', 2 * 1024 ** 3]])('%s is %d', (text, value) => {
    expect(quantityValue(text)).toBe(value);
  });
});
