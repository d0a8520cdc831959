// The generator writes cells as pandas did. The strongest check is the real file: each of the 309
// real artist rows, re-encoded field by field with these functions, comes out byte for byte.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { parsePythonLiteral } from '../../shared/typing/python-literal';
import { pythonList } from './dataset';
import { csvField, pythonFloat, pythonString } from './python-repr';

const REAL_ARTISTS = join(__dirname, '..', '..', 'e2e', 'fixtures', 'spotify_artists.csv');

describe('python repr', () => {
  it('prints floats as Python does, exponents with two digits below 1e-4', () => {
    expect(
      [235584, 0.294, 3.14e-6, 1e-5, 0.0001, -7.447, 0, 1e16, 115.018].map(pythonFloat),
    ).toEqual([
      '235584.0',
      '0.294',
      '3.14e-06',
      '1e-05',
      '0.0001',
      '-7.447',
      '0.0',
      '1e+16',
      '115.018',
    ]);
  });

  it('quotes strings with single quotes unless they hold one, as repr does', () => {
    expect(pythonString('sertanejo pop')).toBe("'sertanejo pop'");
    expect(pythonString("children's music")).toBe('"children\'s music"');
    expect(pythonString('say "hi" it\'s')).toBe("'say \"hi\" it\\'s'");
  });

  it('quotes a CSV field only when it holds a comma, a quote or a line break', () => {
    expect(csvField('Juliano Cezar')).toBe('Juliano Cezar');
    expect(csvField('Gus Johnson, Jr.')).toBe('"Gus Johnson, Jr."');
    expect(csvField('Theme From "Shaft"')).toBe('"Theme From ""Shaft"""');
    expect(csvField('line one\nline two')).toBe('"line one\nline two"');
  });

  it('re-encodes every real Kaggle artist row byte for byte', () => {
    const lines = readFileSync(REAL_ARTISTS, 'utf8').split('\n').filter(Boolean);
    const records = parse(lines.join('\n'));
    expect(records).toHaveLength(310);
    records.slice(1).forEach((fields, i) => {
      const genres = parsePythonLiteral(fields[3] ?? '') as string[];
      const encoded = fields.map((field, column) =>
        column === 3 ? csvField(pythonList(genres)) : csvField(field),
      );
      expect(encoded.join(',')).toBe(lines[i + 1]);
    });
  });
});
