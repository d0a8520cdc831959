// The splitter yields the same elements however the bytes are chunked, and names the position of
// whatever is wrong: a truncated file, garbage between elements, an element that is not JSON.

import { createJsonArraySplitter, JsonArrayError } from './json-array';

function split(text: string, chunkBytes: number): unknown[] {
  const splitter = createJsonArraySplitter();
  const bytes = Buffer.from(text);
  const values: unknown[] = [];
  for (let at = 0; at < bytes.length; at += chunkBytes) {
    values.push(
      ...splitter.push(bytes.subarray(at, at + chunkBytes)).map((element) => element.value),
    );
  }
  splitter.end();
  return values;
}

function failure(text: string): JsonArrayError {
  try {
    split(text, 3);
  } catch (err) {
    if (err instanceof JsonArrayError) {
      return err;
    }
    throw err;
  }
  throw new Error('expected a JsonArrayError');
}

const TEXT =
  '\ufeff[\n  {"a": "x]}\\"{", "b": [1, {"c": null}]},\n  {"name": "Łukasz ナ 😀", "n": -1.5e3}\n]\n';

describe('the JSON array splitter', () => {
  it.each([1, 2, 3, 7, 64, 4096])('yields the same elements in chunks of %i bytes', (size) => {
    expect(split(TEXT, size)).toEqual([
      { a: 'x]}\\"{'.replace('\\"', '"'), b: [1, { c: null }] },
      { name: 'Łukasz ナ 😀', n: -1500 },
    ]);
  });

  it('accepts an empty array', () => {
    expect(split(' [ ] ', 2)).toEqual([]);
  });

  it('names where a truncated file ends', () => {
    const err = failure('[\n{"ts": "2020-04-11T00:27:53Z"},\n{"ts": "2020-');
    expect(err.message).toBe(
      'the file ends before its array is closed (truncated?) at line 3, column 14 (byte 47, element 2)',
    );
  });

  it('names the element that is not JSON, at its start', () => {
    const err = failure('[{"a": 1},\n {"a": tru}]');
    expect(err.position).toEqual({ byte: 12, line: 2, column: 2, element: 2 });
    expect(err.message).toMatch(/^element is not valid JSON/);
  });

  it('refuses data between elements, after the array, and a document that is not an array', () => {
    expect(failure('[{"a": 1} {"a": 2}]').message).toBe(
      'expected "," or "]" after an element at line 1, column 11 (byte 10, element 2)',
    );
    expect(failure('[{"a": 1}] x').detail).toBe('unexpected data after the closing "]"');
    expect(failure('{"a": 1}').detail).toBe(
      'expected "[" (an export file is a JSON array of plays)',
    );
    expect(failure('[1, 2]').detail).toBe('expected an object "{" (each play is a JSON object)');
  });
});
