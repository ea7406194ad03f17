import { loadCatalog, parseCatalog, parseQuantity, quantityValue } from '../../src/model';
import { catalogProblems, smallJenkinsTemplate, smallSources, workspace, templateSources, templateCatalogFiles } from '../support/fixtures';

function problemsOf(sources: Map<string, unknown>) {
  return catalogProblems(() => parseCatalog('catalogs', sources));
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
    const sources = templateSources({
      'catalogs/templates/jenkins.ts': smallJenkinsTemplate({
        resources: { requests: { cpu: '2', memory: '4Gi' }, limits: { cpu: '1500m', memory: '2048Mi' } },
      }),
    });
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
    expect(problemsOf(sources)).toStrictEqual([
      {
        file: 'catalogs/templates/jenkins.ts',
        field: 'volumeCapacity',
        expected: 'a Kubernetes quantity: a number with an optional unit or exponent, e.g. "5Gi"',
        received: '"5 GB"',
        fix: 'write e.g. "5Gi" (units: Ki, Mi, Gi, Ti are binary, k, M, G, T decimal, m thousandths; or an exponent: 2e9)',
      },
    ]);
  });

  test('fails on an ImageStream tag without a tag', () => {
    const sources = templateSources({ 'catalogs/templates/jenkins.ts': smallJenkinsTemplate({ imageStreamTag: 'jenkins' }) });
    expect(problemsOf(sources)).toStrictEqual([
      {
        file: 'catalogs/templates/jenkins.ts',
        field: 'imageStreamTag',
        expected: 'an ImageStream tag as name:tag, e.g. "jenkins:2.452"',
        received: '"jenkins"',
        fix: 'write the ImageStream name and the tag, e.g. "jenkins:latest"',
      },
    ]);
  });

  test('fails on an agent ImageStream tag that is not name:tag', () => {
    const sources = templateSources({
      'catalogs/templates/jenkins.ts': smallJenkinsTemplate({ agentImageStreamTag: 'openshift/jenkins-agent-base' }),
    });
    expect(problemsOf(sources)).toStrictEqual([
      {
        file: 'catalogs/templates/jenkins.ts',
        field: 'agentImageStreamTag',
        expected: 'an ImageStream tag as name:tag, e.g. "jenkins:2.452"',
        received: '"openshift/jenkins-agent-base"',
        fix: 'write the ImageStream name and the tag, e.g. "jenkins-agent-base:latest"',
      },
    ]);
  });

  test('fails on two templates with the same name in one namespace, at the second file', () => {
    const sources = templateSources({
      'catalogs/templates/a.ts': smallJenkinsTemplate(),
      'catalogs/templates/b.ts': smallJenkinsTemplate(),
    });
    expect(problemsOf(sources)).toStrictEqual([
      {
        file: 'catalogs/templates/b.ts',
        field: 'name',
        expected: 'a template name not used by another file in namespace bcgov',
        received: '"jenkins", already defined in catalogs/templates/a.ts',
        fix: 'rename one of the two templates',
      },
    ]);
  });

  test('fails on a template file without a default export, and on a file that is not a template', () => {
    const sources = templateSources({ 'catalogs/templates/jenkins.ts': undefined, 'catalogs/templates/notes.yaml': {} });
    expect(problemsOf(sources)).toStrictEqual([
      {
        file: 'catalogs/templates/jenkins.ts',
        field: '',
        expected: 'export default defineJenkinsTemplate({ name: ..., ... })',
        received: 'no default export',
        fix: 'add `export default` before the definition',
      },
      {
        file: 'catalogs/templates/notes.yaml',
        field: '',
        expected:
          'a known catalog file: catalogs/admission.ts, catalogs/fleet.ts, catalogs/registries.ts, catalogs/samples.ts, ' +
          'catalogs/templates/jenkins.ts, or catalogs/images/<image>.ts',
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

// The oracle is Kubernetes' own parser: k8s.io/apimachinery pkg/api/resource/quantity.go `ParseQuantity`
// and `parseQuantityString` (sign, <digits>[.<digits>] or .<digits>, then a suffix) and suffix.go
// `newSuffixer` / `suffixHandler.interpret` (binary Ki..Ei, decimal n u m "" k M G T P E, or e/E and a
// signed integer exponent), read in /work/.mirror/openshift+openshift-apiserver/repo at vendor/ (apimachinery v0.34.1).
describe('Kubernetes quantities', () => {
  test.each([
    ['500m', 0.5],
    ['1', 1],
    ['1.5', 1.5],
    ['2k', 2000],
    ['1Ki', 1024],
    ['2Gi', 2 * 1024 ** 3],
    ['2048Mi', 2 * 1024 ** 3],
    ['2e9', 2e9],
    ['2E9', 2e9],
    ['1e+3', 1000],
    ['5e-1', 0.5],
    ['1E', 1e18],
    ['3M', 3e6],
    ['1Ei', 2 ** 60],
    ['+1', 1],
    ['-1', -1],
    ['1.', 1],
    ['.5', 0.5],
    ['0', 0],
    ['100u', 100e-6],
    ['10n', 10e-9],
  ])('%s is %d', (text, value) => {
    expect(quantityValue(text)).toBeCloseTo(value, 12);
  });

  // ErrFormatWrong or ErrSuffix in ParseQuantity: empty, a suffix it does not know, an exponent without
  // digits or with a fraction, letters case it does not accept, spaces, two signs.
  test.each(['', '1K', '1gi', '1GB', '1e', '1e1.5', '1.5.5', ' 1', '1 Gi', '--1', 'Gi', '1Gi1', '0x10'])('%j is not a quantity', (text) => {
    expect(parseQuantity(text)).toBeUndefined();
    expect(() => quantityValue(text)).toThrow(/not a quantity/);
  });

  test('accepts a decimal exponent in a template', () => {
    const sources = templateSources({ 'catalogs/templates/jenkins.ts': smallJenkinsTemplate({ volumeCapacity: '5e9' }) });
    expect(parseCatalog('catalogs', sources).templates[0].volumeCapacity).toBe('5e9');
  });

  test.each([
    ['2g', 'memory', '"2Gi"'],
    ['1,5Gi', 'memory', '"1.5Gi"'],
    ['512MiB', 'memory', '"512Mi"'],
    ['lots', 'memory', '"2Gi"'],
    ['two', 'cpu', '"1"'],
  ])('fails on %j as the %s limit, with a hint that is a valid quantity other than the rejected value', (value, resource, example) => {
    const limits = resource === 'memory' ? { cpu: '1', memory: value } : { cpu: value, memory: '2Gi' };
    const sources = templateSources({
      'catalogs/templates/jenkins.ts': smallJenkinsTemplate({ resources: { requests: { cpu: '100m', memory: '1Gi' }, limits } }),
    });
    const [problem] = problemsOf(sources);
    expect(problem.field).toBe(`resources.limits.${resource}`);
    expect(problem.fix).toMatch(new RegExp(`^write e\\.g\\. ${example.replace(/\./g, '\\.')} `));
    expect(problem.fix).not.toContain(JSON.stringify(limits[resource as 'cpu' | 'memory']));
  });

  test('fails on a quantity no correction fits, offering the example of the field', () => {
    const sources = templateSources({
      'catalogs/templates/jenkins.ts': smallJenkinsTemplate({ resources: { requests: { cpu: '100m', memory: '1Gi' }, limits: { memory: '1x' } } }),
    });
    const [problem] = problemsOf(sources);
    expect(problem).toMatchObject({ field: 'resources.limits.memory', received: '"1x"' });
    expect(problem.fix).toMatch(/^write e\.g\. "2Gi"/);
  });

  test('fails on a negative quantity, which the API server rejects', () => {
    const sources = templateSources({ 'catalogs/templates/jenkins.ts': smallJenkinsTemplate({ volumeCapacity: '-5Gi' }) });
    expect(problemsOf(sources)).toStrictEqual([
      {
        file: 'catalogs/templates/jenkins.ts',
        field: 'volumeCapacity',
        expected: 'a quantity that is not negative',
        received: '"-5Gi"',
        fix: 'write "5Gi"; the API server rejects negative quantities',
      },
    ]);
  });
});
