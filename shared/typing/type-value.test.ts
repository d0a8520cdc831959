import type { ColumnDef } from '../catalog';
import { parsePythonLiteral } from './python-literal';
import { createTyper, TypingError } from './type-value';

function typer(type: ColumnDef['type'], extra: Partial<ColumnDef> = {}) {
  return createTyper({ name: 'c', type, nullable: true, ...extra });
}

describe('typing a bronze value', () => {
  test('a Python list whose first item holds an apostrophe is a list, not broken JSON', () => {
    expect(typer('string_list')(`["children's music", 'worship']`)).toEqual([
      "children's music",
      'worship',
    ]);
  });

  test('JSON lists, Python lists and empty text all become lists', () => {
    const list = typer('string_list');
    expect(list('["a", "b\\u00e9"]')).toEqual(['a', 'bé']);
    expect(list("['dance pop', 'pop']")).toEqual(['dance pop', 'pop']);
    expect(list('[]')).toEqual([]);
    expect(list('')).toEqual([]);
    expect(() => list("['unterminated")).toThrow(TypingError);
  });

  test('a list text seen before gives the same list, also after hundreds of other lists', () => {
    const list = typer('string_list');
    const texts = Array.from({ length: 600 }, (_, i) => `['m${i}', 'm${i + 1}']`);
    for (const text of [...texts, ...texts.reverse()]) {
      const [first] = /\d+/.exec(text) ?? [];
      expect(list(` ${text} `)).toEqual([`m${first}`, `m${Number(first) + 1}`]);
    }
    expect(() => list("['m1', 'm2'")).toThrow(TypingError);
    expect(() => list("['m1', 'm2'")).toThrow(TypingError);
  });

  test('integers outside their declared width are refused, naming the column', () => {
    expect(typer('int16')('32767')).toBe(32767);
    expect(() => typer('int16')('32768')).toThrow('c: not an int16: "32768"');
    expect(typer('int64')('-9223372036854775808')).toBe(-(2n ** 63n));
    expect(() => typer('int64')('9223372036854775808')).toThrow('out of int64 range');
  });

  test('free text loses quotes and line breaks; NULL in a NOT NULL column is refused', () => {
    expect(typer('string', { freeText: true })(' "Hey"\nJude ')).toBe('HeyJude');
    expect(() => typer('string', { nullable: false })(null)).toThrow(
      'is null but the column is NOT NULL',
    );
  });

  test('MySQL timestamps are read as UTC', () => {
    expect(typer('timestamp')('2024-03-01 05:06:07.5')).toEqual(
      new Date('2024-03-01T05:06:07.500Z'),
    );
    expect(() => typer('timestamp')('yesterday')).toThrow(TypingError);
  });

  test('a timestamp text typed again gives the same Date; another text its own; bad text is refused', () => {
    const at = typer('timestamp');
    const first = at('2024-03-01 05:06:07');
    expect(at('2024-03-01 05:06:07')).toBe(first);
    expect(at('2024-03-01 05:06:08')).toEqual(new Date('2024-03-01T05:06:08Z'));
    expect(at('2024-03-01 05:06:07')).toEqual(first);
    expect(() => at('2024-13-01 05:06:07')).toThrow(TypingError);
    expect(() => at('2024-13-01 05:06:07')).toThrow(TypingError);
  });

  test('an ISO timestamp without a zone is UTC, and years PostgreSQL cannot read are refused', () => {
    expect(typer('timestamp')('2024-03-01T05:06:07')).toEqual(new Date('2024-03-01T05:06:07Z'));
    expect(() => typer('timestamp')(1e15)).toThrow('timestamp outside years 1 to 9999');
  });

  test('values Parquet or PostgreSQL cannot hold are refused instead of changed', () => {
    expect(() => typer('float32')('1e39')).toThrow('c: out of float32 range: "1e39"');
    expect(typer('float32')('3.4028234663852886e38')).toBe(3.4028234663852886e38);
    expect(() => typer('string')({ name: 'x' })).toThrow('c: not text: object');
    expect(() => typer('string_list')(['a\u0000'])).toThrow('holds a NUL character');
    expect(() => typer('json')('{"a": "\\u0000"}')).toThrow('holds a NUL character');
  });

  test('JSON columns keep the parsed document, and a backslash before u0000 is only text', () => {
    expect(typer('json')("{'k': None}")).toEqual({ k: null });
    expect(typer('json')('"just text"')).toBe('just text');
    expect(typer('json')('{"a": "\\\\u0000"}')).toEqual({ a: '\\u0000' });
  });

  test('Python strings: escapes, both quotes, and a string left open', () => {
    expect(
      parsePythonLiteral(`['it\\'s', "say \\"hi\\"", 'tab\\there', 'back\\\\slash', 'x\\q']`),
    ).toEqual(["it's", 'say "hi"', 'tab\there', 'back\\slash', 'x\\q']);
    expect(parsePythonLiteral("[ 'a' ,\u00a0'b' ]")).toEqual(['a', 'b']);
    expect(() => parsePythonLiteral("['open\\']")).toThrow('unterminated string at character 2');
    expect(() => parsePythonLiteral("['a' 'b']")).toThrow('expected , or ] at character 6');
  });
});
