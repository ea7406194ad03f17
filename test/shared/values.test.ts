import * as fc from 'fast-check';
import { compareStrings, inStringOrder, orderedLookup, sortedIndex } from '../../src/shared';

/** `orderedLookup`: one pass side by side over the run's sorted lists, a Map whenever order breaks. */
describe('orderedLookup', () => {
  test('finds each entry of a sorted list by key, asked in increasing order, and nothing for a key it lacks', () => {
    // GIVEN entries in key order
    const find = orderedLookup([
      ['a', 1],
      ['b/x', 2],
      ['c', 3],
    ] as const);
    // WHEN keys are asked in increasing order THEN each is found or not
    expect(['0', 'a', 'b', 'b/x', 'c', 'd'].map((key) => find(key)?.[1])).toStrictEqual([undefined, 1, undefined, 2, 3, undefined]);
  });

  test('answers alike for entries out of order and for keys asked out of order', () => {
    // GIVEN entries out of order, and sorted entries asked backwards
    const unsorted = orderedLookup([
      ['c', 3],
      ['a', 1],
    ] as const);
    const sorted = orderedLookup([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ] as const);
    // WHEN looked up THEN every answer is the entry with that key
    expect(['a', 'b', 'c'].map((key) => unsorted(key)?.[1])).toStrictEqual([1, undefined, 3]);
    expect(['c', 'b', 'a', 'c'].map((key) => sorted(key)?.[1])).toStrictEqual([3, 2, 1, 3]);
  });

  test('is a Map lookup for any entries and any order of keys', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string(), { maxLength: 30 }), fc.array(fc.string(), { maxLength: 30 }), fc.boolean(), (keys, asked, sort) => {
        // GIVEN distinct keys, sorted or not, and keys asked sorted or not
        const entries = keys.map((key, i) => [key, i] as const);
        if (sort) entries.sort(([a], [b]) => compareStrings(a, b));
        const find = orderedLookup(entries);
        const byKey = new Map(entries.map((entry) => [entry[0], entry]));
        // WHEN each is looked up THEN the answer is the Map's
        for (const key of sort ? [...asked].sort(compareStrings) : asked) expect(find(key)).toBe(byKey.get(key));
      }),
    );
  });
});

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
