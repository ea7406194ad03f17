import { type ImageInput, parseCatalog } from '../../src/model';
import { planImageStreams } from '../../src/plan';
import { imageSources, smallImage } from '../support/fixtures';

// What README.md ("Curate an image") says about variants, checked against the plan.
describe('variants', () => {
  const plan = (versions: ImageInput['versions'], tracking = {}) => {
    const catalog = parseCatalog('catalogs', imageSources({ velero: smallImage({ name: 'velero', versions, tracking }) }));
    const [stream] = planImageStreams(
      catalog,
      catalog.fleet.clusters.find((c) => c.name === 'test')!,
    );
    return { tags: stream.tags.map((t) => t.name), tracking: stream.trackingTags };
  };

  test('a version with variants yields only its variant tags, never the plain version', () => {
    const { tags } = plan([
      { version: '1.13.2', variants: [{ id: 'aws', version: '1.9.2' }] },
      {
        version: '1.14.1',
        variants: [
          { id: 'aws', version: '1.10.1' },
          { id: 'gcp', version: '1.2.0' },
        ],
      },
    ]);
    expect(tags).toStrictEqual(['1.13.2-aws1.9.2', '1.14.1-aws1.10.1', '1.14.1-gcp1.2.0']);
  });

  test('latest follows the highest version; among its variants the identifier last in alphabetical order, then the newest variant version', () => {
    const { tracking } = plan([
      {
        version: '1.14.1',
        variants: [
          { id: 'gcp', version: '1.2.0' },
          { id: 'aws', version: '1.10.1' },
          { id: 'aws', version: '1.11.0' },
        ],
      },
      { version: '1.13.2', variants: [{ id: 'zeta', version: '9.9.9' }] },
    ]);
    expect(tracking).toStrictEqual([{ name: 'latest', tag: '1.14.1-gcp1.2.0' }]);
  });

  test('tracking.latest chooses the variant latest follows', () => {
    const { tracking } = plan(
      [
        {
          version: '1.14.1',
          variants: [
            { id: 'aws', version: '1.10.1' },
            { id: 'gcp', version: '1.2.0' },
          ],
        },
      ],
      { latest: '1.14.1-aws1.10.1' },
    );
    expect(tracking).toStrictEqual([{ name: 'latest', tag: '1.14.1-aws1.10.1' }]);
  });
});
