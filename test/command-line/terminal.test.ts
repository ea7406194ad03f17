import { colorEnabled, paintSeverity, progress, type Terminal } from '../../src/command-line/terminal';

function stream(isTTY: boolean, colors = isTTY): Terminal & { readonly written: string[] } {
  const written: string[] = [];
  return { isTTY, hasColors: () => colors, write: (text: string) => written.push(text), written };
}

describe('colorEnabled', () => {
  test.each([
    ['a colour terminal', stream(true), {}, true],
    ['a pipe', stream(false), {}, false],
    ['a terminal without colours (TERM=dumb)', stream(true, false), {}, false],
    ['NO_COLOR on a terminal', stream(true), { NO_COLOR: '1' }, false],
    ['an empty NO_COLOR (no-color.org: ignored)', stream(true), { NO_COLOR: '' }, true],
    ['FORCE_COLOR into a pipe', stream(false), { FORCE_COLOR: '1' }, true],
    ['FORCE_COLOR over NO_COLOR', stream(false), { FORCE_COLOR: '1', NO_COLOR: '1' }, true],
    ['FORCE_COLOR=0 on a terminal', stream(true), { FORCE_COLOR: '0' }, false],
  ])('%s → %s', (_name, out, env, expected) => {
    expect(colorEnabled(out, env)).toBe(expected);
  });
});

describe('paintSeverity', () => {
  test('colours the leading "error" red and "warning" yellow, and nothing else', () => {
    expect(paintSeverity('error fleet/x [gold] catalogs/fleet.ts: clusters\n  error in text', true)).toBe(
      '\u001b[31merror\u001b[39m fleet/x [gold] catalogs/fleet.ts: clusters\n  error in text',
    );
    expect(paintSeverity('warning images/y catalogs/images/a.ts', true)).toBe('\u001b[33mwarning\u001b[39m images/y catalogs/images/a.ts');
    expect(paintSeverity('error fleet/x', false)).toBe('error fleet/x');
  });
});

describe('progress', () => {
  test('on a terminal: one line rewritten in place with the elapsed time, cleared at the end', () => {
    const out = stream(true);
    let now = 0;
    const shown = progress(out, () => now);
    shown.step('loading catalogs/');
    now = 2500;
    shown.step('writing dist/');
    shown.done();
    expect(out.written).toEqual(['\r\u001b[Kloading catalogs/ (0.0 s)', '\r\u001b[Kwriting dist/ (2.5 s)', '\r\u001b[K']);
  });

  test('off a terminal (a log, a pipe): nothing at all', () => {
    const out = stream(false);
    const shown = progress(out);
    shown.step('loading catalogs/');
    shown.done();
    expect(out.written).toEqual([]);
  });
});
