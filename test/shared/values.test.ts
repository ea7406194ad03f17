import * as fc from 'fast-check';
import { compareStrings, inStringOrder, keptJson, sortedIndex } from '../../src/shared';

describe('inStringOrder', () => {
  test('gives a list already in order back as it is, and any other sorted, leaving it unchanged', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' })), (list) => {
        // GIVEN any list of strings, and a sorted copy
        const copy = [...list];
        const sorted = [...list].sort(compareStrings);
        // WHEN put in order THEN the result is the sorted list, the list itself only when it was in order, and the list is unchanged
        const result = inStringOrder(list);
        expect(result).toStrictEqual(sorted);
        expect(result === list).toBe(sorted.every((item, i) => item === list[i]));
        expect(list).toStrictEqual(copy);
      }),
    );
  });
});

describe('sortedIndex', () => {
  test('finds each key of a list out of order, or with a key twice, at its first index', () => {
    // GIVEN keys out of order and a key twice
    const indexOf = sortedIndex(['c', 'a', 'b/x', 'a']);
    // WHEN keys are asked in any order THEN each is found at its first index, or not at all
    expect(['a', 'b', 'b/x', 'c', 'd', 'a'].map((key) => indexOf(key))).toStrictEqual([1, -1, 2, 0, -1, 1]);
  });

  test('finds each key where indexOf does, whatever order the keys are asked in', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ unit: 'binary' })), fc.array(fc.string({ unit: 'binary' })), (list, others) => {
        // GIVEN distinct keys in order, and keys to ask: each of them (in order, then backwards) and others
        const keys = [...list].sort(compareStrings);
        const asked = [...keys, ...others, ...[...keys].reverse(), ...others.sort(compareStrings)];
        // WHEN each is looked up in turn THEN the answer is its index, or -1
        const indexOf = sortedIndex(keys);
        expect(asked.map((key) => indexOf(key))).toStrictEqual(asked.map((key) => keys.indexOf(key)));
      }),
    );
  });
});

describe('keptJson', () => {
  test('makes and keeps a value the memo lacks, and gives back a kept one without making it', () => {
    // GIVEN an empty memo
    const kept = new Map<string, string>();
    const memo = { get: (key: string) => kept.get(key), set: (key: string, value: string) => void kept.set(key, value) };
    const make = jest.fn(() => ({ found: ['a'] }));
    // WHEN a value is asked twice THEN it is made once, kept as JSON, and the kept one comes back
    expect(keptJson(memo, 'k', make)).toStrictEqual({ found: ['a'] });
    expect(kept.get('k')).toBe('{"found":["a"]}');
    kept.set('k', '{"found":["kept"]}');
    expect(keptJson(memo, 'k', make)).toStrictEqual({ found: ['kept'] });
    expect(make).toHaveBeenCalledTimes(1);
    // AND without a memo it is made every time
    expect(keptJson(undefined, 'k', make)).toStrictEqual({ found: ['a'] });
    expect(make).toHaveBeenCalledTimes(2);
  });
});
