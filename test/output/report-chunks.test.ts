import { ReportChunks } from '../../src/output/_report-chunks';
import { contentKey } from '../../src/shared';
import { shared } from '../../src/output/_report-sections';

/** A render of one part, counting its calls. */
function counting<T extends object>(render: (part: T) => string): { render: (part: T) => string; calls: () => number } {
  let calls = 0;
  return {
    render: (part) => {
      calls += 1;
      return render(part);
    },
    calls: () => calls,
  };
}

describe('report chunks', () => {
  test('a shared piece is rendered once per distinct content, whatever the objects', () => {
    // GIVEN three equal parts (distinct objects) and one that differs deep inside
    const mirrors = counting((r: { sets: { source: string; mirrors: string[] }[] }) =>
      r.sets.map((s) => `${s.source} → ${s.mirrors.join(', ')}`).join('\n'),
    );
    const part = () => ({ sets: [{ source: 'quay.io', mirrors: ['mirror.example.com/quay'] }] });
    const other = { sets: [{ source: 'quay.io', mirrors: ['mirror.example.com/quay2'] }] };
    // WHEN each is made a chunk
    const chunks = new ReportChunks();
    const [a, b, c, d] = [part(), part(), part(), other].map((p) => chunks.chunk(shared(mirrors.render, p)));
    // THEN the equal ones share one chunk, rendered once, and the other has its own text
    expect(a).toBe(b);
    expect(a).toBe(c);
    expect(a.toString()).toBe('quay.io → mirror.example.com/quay\n');
    expect(d.toString()).toBe('quay.io → mirror.example.com/quay2\n');
    expect(mirrors.calls()).toBe(2);
  });

  test('two renders of the same part are two pieces', () => {
    const part = { name: 'prod' };
    const chunks = new ReportChunks();
    expect(chunks.chunk(shared((p: { name: string }) => `a ${p.name}`, part)).toString()).toBe('a prod\n');
    expect(chunks.chunk(shared((p: { name: string }) => `b ${p.name}`, part)).toString()).toBe('b prod\n');
  });

  test('a piece of several parts is keyed by each of them', () => {
    let calls = 0;
    const render = (templates: readonly string[], streams: readonly string[]) => {
      calls += 1;
      return `${templates.join()} runs ${streams.join()}`;
    };
    const chunks = new ReportChunks();
    expect(chunks.chunk(shared(render, ['jenkins'], ['jenkins:1'])).toString()).toBe('jenkins runs jenkins:1\n');
    expect(chunks.chunk(shared(render, ['jenkins'], ['jenkins:2'])).toString()).toBe('jenkins runs jenkins:2\n');
    expect(chunks.chunk(shared(render, ['jenkins:1'], ['jenkins'])).toString()).toBe('jenkins:1 runs jenkins\n');
    expect(chunks.chunk(shared(render, ['jenkins'], ['jenkins:2'])).toString()).toBe('jenkins runs jenkins:2\n');
    expect(calls).toBe(3);
  });

  test('a part JSON cannot tell apart from another is rendered on its own', () => {
    // GIVEN parts whose JSON is alike although a render sees them differ: an undefined value, NaN, a Map
    const render = (p: object) => ('registry' in p ? `has ${String((p as { registry: unknown }).registry)}` : 'has none');
    const chunks = new ReportChunks();
    // WHEN each is made a chunk THEN each reads as its own render
    expect(chunks.chunk(shared(render, {})).toString()).toBe('has none\n');
    expect(chunks.chunk(shared(render, { registry: undefined })).toString()).toBe('has undefined\n');
    expect(chunks.chunk(shared(render, { registry: null })).toString()).toBe('has null\n');
    expect(chunks.chunk(shared(render, { registry: NaN })).toString()).toBe('has NaN\n');
    expect(chunks.chunk(shared(render, { registry: new Map([['a', 1]]) })).toString()).toBe('has [object Map]\n');
    expect(chunks.chunk(shared(render, { registry: {} })).toString()).toBe('has [object Object]\n');
  });

  test('the content key refuses what JSON would not tell apart', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    for (const value of [
      { a: undefined },
      [undefined],
      // eslint-disable-next-line no-sparse-arrays
      [1, , 2],
      { n: NaN },
      { n: Infinity },
      { n: -0 },
      { f: () => 1 },
      { d: new Date(0) },
      { s: new Set([1]) },
      { m: new Map() },
      { toJSON: () => 'x' },
      Object.create(null) as object,
      cycle,
    ])
      expect(contentKey(value)).toBeUndefined();
    expect(contentKey({ a: [1, 'b', true, null, { c: 0 }] })).toBe('{"a":[1,"b",true,null,{"c":0}]}');
  });

  test('a piece after another starts with the blank line between them, and is shared as such', () => {
    // GIVEN a shared piece and a text piece, each first and after another
    const render = counting((p: { name: string }) => `## ${p.name}`);
    const chunks = new ReportChunks();
    const [first, after, againAfter] = [false, true, true].map((afterPiece) => chunks.chunk(shared(render.render, { name: 'x' }), afterPiece));
    // WHEN made chunks THEN the one after another holds the blank line first, and equal ones are one chunk
    expect(first.toString()).toBe('## x\n');
    expect(after.toString()).toBe('\n## x\n');
    expect(againAfter).toBe(after);
    expect(render.calls()).toBe(2);
    expect(chunks.chunk('No warnings.', true).toString()).toBe('\nNo warnings.\n');
    expect(chunks.chunk('No warnings.', true)).toBe(chunks.chunk('No warnings.', true));
    expect(chunks.chunk('No warnings.').toString()).toBe('No warnings.\n');
  });

  test('equal text pieces share one chunk', () => {
    const chunks = new ReportChunks();
    expect(chunks.chunk('## Warnings\n\nNo warnings.')).toBe(chunks.chunk('## Warnings\n\nNo warnings.'));
    expect(chunks.chunk('# prod').toString()).toBe('# prod\n');
  });
});
