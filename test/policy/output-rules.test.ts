import { parseCatalog } from '../../src/model';
import { compile } from '../../src/pipeline';
import { NAME_MAX_BYTES, outputFindings } from '../../src/policy';
import { imageSources, smallImage, smallSources } from '../support/fixtures';

/** The curated image patroni with a display name and description of our choosing. */
function catalogWith(displayName: string, description: string) {
  return parseCatalog(
    'catalogs',
    imageSources({ patroni: smallImage({ display: { displayName, iconClass: 'icon-postgresql', tags: ['database'] }, description }) }),
  );
}

describe('output rules', () => {
  test('fails on a credential that reaches only the cluster reports, naming each report and line', () => {
    // GIVEN a display name and a description each fine alone, which a report writes on one line as
    // `Password: hunter22 …`; the manifests hold them on lines of their own
    const description = 'hunter22 is the admin login.';
    expect(compile(catalogWith('Password', 'The admin login.'), new Map()).findings).toStrictEqual([]);
    // the line the report writes them on, from the same catalog with another display name
    const report = compile(catalogWith('Postgres', description), new Map()).files!.get('reports/prod.md')!;
    const line = report.split('\n').indexOf('Postgres: hunter22 is the admin login. (`catalogs/images/patroni.ts`)') + 1;
    expect(line).toBeGreaterThan(0);
    // WHEN the catalog is compiled
    const compilation = compile(catalogWith('Password', description), new Map());
    // THEN nothing is rendered, and each report is refused at that line
    expect(compilation.files).toBeUndefined();
    expect(compilation.findings.map((f) => [f.rule, f.message])).toStrictEqual(
      ['lab', 'prod', 'test'].map((cluster) => [
        'output/credential',
        `the generated reports/${cluster}.md line ${line} holds a literal password, secret or token; ` +
          'the output is committed to git and readable by everyone with access to it',
      ]),
    );
  });

  test('fails on a credential in a manifest', () => {
    const catalog = parseCatalog('catalogs', smallSources());
    const files = new Map([['prod/secret_v1_x.yaml', 'apiVersion: v1\nkind: Secret\nstringData:\n  password: hunter22\n']]);
    expect(outputFindings(catalog, files).map((f) => [f.rule, f.message])).toStrictEqual([
      [
        'output/credential',
        'the generated prod/secret_v1_x.yaml line 4 holds a literal password, secret or token; ' +
          'the output is committed to git and readable by everyone with access to it',
      ],
    ]);
  });

  test.each([
    ['ASCII', 'a', 1],
    ['two-byte', 'é', 2],
    ['three-byte', '€', 3],
    ['four-byte', '🚀', 4],
  ])('measures file names in bytes: %s characters up to the limit pass, one more fails', (_kind, character, bytes) => {
    // GIVEN file names of `imagestream_<name>.yaml`, 17 bytes besides the name, at the limit and just over it
    const catalog = parseCatalog('catalogs', smallSources());
    const fit = Math.floor((NAME_MAX_BYTES - 17) / bytes);
    const path = (n: number) => `prod/imagestream_${character.repeat(n)}.yaml`;
    // WHEN checked THEN only the longer fails, with its length in bytes
    expect(outputFindings(catalog, new Map([[path(fit), 'kind: ImageStream\n']]))).toStrictEqual([]);
    expect(outputFindings(catalog, new Map([[path(fit + 1), 'kind: ImageStream\n']])).map((f) => [f.rule, f.message])).toStrictEqual([
      [
        'output/file-name-too-long',
        `the imagestream ${character.repeat(fit + 1)} (on prod) would be written to a file named ${17 + (fit + 1) * bytes} bytes long; ` +
          `file systems accept at most ${NAME_MAX_BYTES} bytes per name`,
      ],
    ]);
  });
});
