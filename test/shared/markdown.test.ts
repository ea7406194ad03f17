import { code, table } from '../../src/shared/markdown';

describe('markdown', () => {
  test('a code span fences the text with one backtick more than its longest run, padded where it starts or ends with one', () => {
    expect(code('c001/')).toBe('`c001/`');
    expect(code('')).toBe('``');
    expect(code('a`b')).toBe('``a`b``');
    expect(code('``x')).toBe('``` ``x ```');
    expect(code('x`')).toBe('`` x` ``');
  });

  test('a table cell escapes pipes and flattens line breaks, and leaves any other text as it is', () => {
    expect(
      table(
        ['setting', 'value'],
        [
          ['a|b', 'line\r\nnext\nlast'],
          ['plain', '`code` → ✓'],
        ],
        ['left', 'right'],
      ),
    ).toBe(['| setting | value |', '|---|---:|', '| a\\|b | line next last |', '| plain | `code` → ✓ |'].join('\n'));
  });
});
