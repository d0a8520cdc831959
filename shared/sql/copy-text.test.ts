// COPY text encoding, checked against strings worked out by hand from PostgreSQL's rules: array
// literal quoting first, then COPY's backslash escapes over the whole field.

import { copyEncoderFor } from './copy-text';

describe('copyEncoderFor', () => {
  const list = copyEncoderFor('string_list');

  it('quotes every list item and writes NULL items as NULL', () => {
    expect(list(['AD', 'AE', null, 'ZW'])).toBe('{"AD","AE",NULL,"ZW"}');
  });

  it('escapes quotes and backslashes inside items, then doubles backslashes for COPY', () => {
    // Array literal: {"say \"hi\"","a\\b"}; COPY text doubles each backslash of it.
    expect(list(['say "hi"', 'a\\b'])).toBe('{"say \\\\"hi\\\\"","a\\\\\\\\b"}');
  });

  it('writes an empty list as {} and a missing one as \\N', () => {
    expect(list([])).toBe('{}');
    expect(list(null)).toBe('\\N');
  });

  it('escapes tabs and line breaks in strings and leaves other text alone', () => {
    const text = copyEncoderFor('string');
    expect(text('a\tb\nc\r')).toBe('a\\tb\\nc\\r');
    expect(text('Sigur Rós — ágætis byrjun')).toBe('Sigur Rós — ágætis byrjun');
  });
});
