// The byte decoder of bronze lines against what it replaces: JSON.parse, then the string typer
// (trim, free-text cleaning, the NUL check) and UTF-8 encoding. Where it hands a value back as a
// string or gives up on a line, the old path must still produce the same silver value.

import { createTyper, TypingError } from '../typing/type-value';
import { ByteArena, decodeArrayLine } from './json-array-line';
import type { TextAs } from './json-array-line';
import { seededRandom } from '../../test/seeded-random';

const plainText = createTyper({ name: 'plain', type: 'string', nullable: true });
const freeText = createTyper({ name: 'free', type: 'string', nullable: true, freeText: true });

/** What silver gets for a text value, by the old path (the string typer, then UTF-8) or the new. */
function silverBytes(typed: unknown): string | null {
  if (typed === null) {
    return null;
  }
  return Buffer.from(typed as string | Uint8Array).toString('hex');
}

function typedOrError(type: (raw: unknown) => unknown, raw: unknown): unknown {
  try {
    return silverBytes(type(raw));
  } catch (err) {
    return err instanceof TypingError ? `TypingError: ${err.message}` : err;
  }
}

/** Decodes `line` and types each value both ways; the outcomes per column must agree. */
function bothWays(line: string, textAs: readonly TextAs[]) {
  const bytes = Buffer.from(line, 'utf8');
  const decoded = decodeArrayLine(bytes, textAs.length, textAs, new ByteArena(64));
  const parsed = JSON.parse(line) as unknown[];
  const typers = textAs.map((as) => (as === 'cleaned-bytes' ? freeText : plainText));
  return {
    decoded,
    viaBytes: decoded?.map((value, i) => typedOrError(typers[i] as typeof plainText, value)),
    viaString: parsed.map((value, i) => typedOrError(typers[i] as typeof plainText, value)),
  };
}

// Characters the decoder treats specially: quotes, backslashes, line breaks, controls, the
// whitespace String#trim removes beyond ASCII, NUL, a lone surrogate, astral and combining text.
const TRICKY = [
  '"',
  '\\',
  '/',
  '\n',
  '\r',
  '\t',
  '\b',
  '\f',
  ' ',
  '\u000b',
  '\u00a0',
  '\u1680',
  '\u2000',
  '\u200a',
  '\u2028',
  '\u2029',
  '\u202f',
  '\u205f',
  '\u3000',
  '\ufeff',
  '\u0000',
  '\ud800',
  '\udc00',
  '😀',
  'é',
  'ß',
  '中',
  'a',
  'Z',
  '0',
  "'",
  '\u0085',
  '\u200b',
  'ア',
];

describe('decodeArrayLine', () => {
  test('gives numbers, null and text as JSON.parse does, text as bytes where asked', () => {
    const line =
      '[1, -2.5e3, null, "plain", "  padded\\tvalue ", "a \\"quote\\"\\nand lines\\r\\n"]';
    const textAs: TextAs[] = ['string', 'string', 'string', 'string', 'bytes', 'cleaned-bytes'];
    const decoded = decodeArrayLine(Buffer.from(line), 6, textAs, new ByteArena());
    expect(decoded?.slice(0, 4)).toEqual([1, -2500, null, 'plain']);
    expect(Buffer.from(decoded?.[4] as Uint8Array).toString()).toBe('padded\tvalue');
    expect(Buffer.from(decoded?.[5] as Uint8Array).toString()).toBe('a quoteand lines');
  });

  test('decodes \\u escapes, surrogate pairs and raw UTF-8 to the same bytes as before', () => {
    const line = JSON.stringify(['caf\u00e9 😀 中文', 'x'])
      .replace('é', '\\u00e9')
      .replace('😀', '\\ud83d\\ude00');
    const { viaBytes, viaString } = bothWays(line, ['bytes', 'cleaned-bytes']);
    expect(viaBytes).toEqual(viaString);
    expect(Buffer.from(viaBytes?.[0] as string, 'hex').toString()).toBe('café 😀 中文');
  });

  test('leaves to the string typer what it cannot do byte-wise, with the same outcome', () => {
    // U+0000 (refused), a lone surrogate, and whitespace at the ends that trim removes beyond ASCII.
    const values = ['a\u0000b', 'x\ud800y', '\u00a0nbsp\u3000', 'ok\u2028', '\ufeffbom'];
    const line = JSON.stringify(values);
    const { decoded, viaBytes, viaString } = bothWays(
      line,
      values.map(() => 'bytes'),
    );
    expect(decoded?.every((value) => typeof value === 'string')).toBe(true);
    expect(viaBytes).toEqual(viaString);
    expect(viaBytes?.[0]).toBe(
      'TypingError: plain: holds a NUL character, which PostgreSQL text cannot store',
    );
  });

  test('gives up on lines the old path must judge: not JSON, not UTF-8, wrong width, nested', () => {
    const decode = (line: Buffer | string, width = 2) =>
      decodeArrayLine(Buffer.from(line), width, ['bytes', 'bytes'], new ByteArena());
    expect(decode('["a", "b"]')).not.toBeNull();
    expect(decode('["a", "b"]', 3)).toBeNull();
    expect(decode('["a", "b", "c"]')).toBeNull();
    expect(decode('["a" "b"]')).toBeNull();
    expect(decode('["a", "b"] x')).toBeNull();
    expect(decode('["a", "b')).toBeNull();
    expect(decode('["a\\q", "b"]')).toBeNull();
    expect(decode('["a", [1]]')).toBeNull();
    expect(decode('["a", true]')).toBeNull();
    expect(decode('{"a": 1}')).toBeNull();
    expect(decode('["a\rb", "c"]')).toBeNull();
    expect(decode(Buffer.from([0x5b, 0x22, 0xc3, 0x28, 0x22, 0x2c, 0x22, 0x22, 0x5d]))).toBeNull();
    expect(decode('[1, -]')).toBeNull();
  });

  test('finds the end of text that ends in escaped backslashes or holds escaped quotes', () => {
    const values = ['ends in \\', '\\\\', '"', 'a\\"b', '\\"'];
    const { decoded, viaBytes, viaString } = bothWays(
      JSON.stringify(values),
      values.map(() => 'bytes'),
    );
    expect(decoded).not.toBeNull();
    expect(viaBytes).toEqual(viaString);
  });

  test('agrees with JSON.parse and the string typer on 3,000 random lines of tricky text', () => {
    const next = seededRandom(7);
    const pick = (): string => TRICKY[Math.floor(next() * TRICKY.length)] as string;
    let fellBack = 0;
    for (let n = 0; n < 3_000; n += 1) {
      const values = Array.from({ length: 4 }, () =>
        Array.from({ length: Math.floor(next() * 12) }, pick).join(''),
      );
      const textAs: TextAs[] = ['bytes', 'cleaned-bytes', 'string', 'cleaned-bytes'];
      const line = JSON.stringify(values);
      const { decoded, viaBytes, viaString } = bothWays(line, textAs);
      if (decoded === null) {
        fellBack += 1;
        continue;
      }
      expect({ line, outcome: viaBytes }).toEqual({ line, outcome: viaString });
    }
    // JSON.stringify escapes every control character, so no line needs the old path.
    expect(fellBack).toBe(0);
  });

  test('reads numbers exactly as JSON.parse does, and gives up where JSON.parse refuses', () => {
    const next = seededRandom(7);
    const digits = (count: number): string =>
      Array.from({ length: count }, () => String(Math.floor(next() * 10))).join('');
    const numbers = [
      '0',
      '-0',
      '-0.0',
      '0.5',
      '1',
      '-1',
      '7.0',
      '0.000001',
      '123456789012345',
      '1234567890123456',
      '0.1234567890123456',
      '9007199254740993',
      '1e5',
      '-2.5E-3',
      '0.30000000000000004',
      '100.25',
      '-32768',
      '2147483647',
      '-0.00000000000000001',
    ];
    for (let i = 0; i < 3_000; i += 1) {
      // Danceability-like decimals, durations, and longer ones either side of 15 digits.
      const whole =
        next() < 0.5 ? '0' : `${1 + Math.floor(next() * 9)}${digits(Math.floor(next() * 8))}`;
      const sign = next() < 0.2 ? '-' : '';
      const fraction = next() < 0.2 ? '' : `.${digits(1 + Math.floor(next() * 17))}`;
      numbers.push(`${sign}${whole}${fraction}`);
    }
    for (const number of numbers) {
      const decoded = decodeArrayLine(Buffer.from(`[${number}]`), 1, ['string'], new ByteArena());
      const parsed = JSON.parse(number) as number;
      expect({ number, value: decoded?.[0] }).toEqual({ number, value: parsed });
      expect(Object.is(decoded?.[0], parsed)).toBe(true);
    }
    // Not JSON numbers: the line goes back to JSON.parse, which names what is wrong.
    for (const bad of ['01', '-', '1.', '.5', '+1', '-01.5', '1.2.3']) {
      expect(decodeArrayLine(Buffer.from(`[${bad}]`), 1, ['string'], new ByteArena())).toBeNull();
    }
  });

  test('views of unescaped text stay intact while later lines fill new arena buffers', () => {
    const arena = new ByteArena(32);
    const kept = Array.from({ length: 50 }, (_, i) => {
      const line = Buffer.from(JSON.stringify([`value\n${i}`.repeat(3)]));
      return decodeArrayLine(line, 1, ['cleaned-bytes'], arena)?.[0] as Uint8Array;
    });
    kept.forEach((bytes, i) => expect(Buffer.from(bytes).toString()).toBe(`value${i}`.repeat(3)));
  });
});
