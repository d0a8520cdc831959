// Bronze rows of the test table loader_types (test/catalog-with-test-tables.ts) at the edges of
// every type, and the values each must keep in silver and in the warehouse, worked out by hand.
// Values are compared in one plain shape: int64 and timestamps (epoch ms) as decimal text, dates as
// 'YYYY-MM-DD', float32 as the double it widens to, lists and JSON parsed. `markets` is a list kept in
// silver as JSON text: a list again in the warehouse.

export const TYPES_BRONZE: Record<string, unknown>[] = [
  { id: 1 },
  {
    id: 2,
    s: '🎸 Ünïcode 東京 e\u0301',
    note: ' "Hey"\nJude ',
    small: 32767,
    mid: '2147483647',
    big: '9223372036854775807',
    f32: 3.4028234663852886e38,
    f64: 1.7976931348623157e308,
    flag: 1,
    at: '2024-05-01 10:20:30.123',
    day: '2024-02-29',
    tags: `["children's music", '東京 🎧']`,
    doc: '{"a": [1, "x"], "b": null}',
    markets: `['AD', "children's", '東京']`,
  },
  {
    id: 3,
    s: '',
    note: '',
    small: '-32768',
    mid: -2147483648,
    big: '-9223372036854775808',
    f32: '1.401298464324817e-45',
    f64: 5e-324,
    flag: 'false',
    at: '1969-12-31T23:59:59.999Z',
    day: '1970-01-01',
    tags: '[]',
    doc: "{'k': None, 'v': True}",
    markets: '[]',
  },
  {
    id: 4,
    s: '  tab\there \\ back\nline  ',
    note: 'δ\r\n"quoted"',
    small: 0,
    mid: 0,
    big: 0,
    f32: -3.4028234663852886e38,
    f64: '-0',
    flag: 'True',
    at: '2024-05-01T23:59:59.999',
    day: '9999-12-31',
    tags: '["🎧", ""]',
    doc: '"just text"',
    markets: '["🎧", "", "a\\"b"]',
  },
];

export interface PlainTypesRow {
  id: number;
  s: string | null;
  note: string | null;
  small: number | null;
  mid: number | null;
  big: string | null;
  f32: number | null;
  f64: number | null;
  flag: boolean | null;
  at_ms: string | null;
  day: string | null;
  tags: string[] | null;
  doc: unknown;
  markets: string[] | null;
}

export const TYPES_EXPECTED: PlainTypesRow[] = [
  {
    id: 1,
    s: null,
    note: null,
    small: null,
    mid: null,
    big: null,
    f32: null,
    f64: null,
    flag: null,
    at_ms: null,
    day: null,
    tags: null,
    doc: null,
    markets: null,
  },
  {
    id: 2,
    s: '🎸 Ünïcode 東京 e\u0301',
    note: 'HeyJude',
    small: 32767,
    mid: 2147483647,
    big: '9223372036854775807',
    f32: 3.4028234663852886e38,
    f64: 1.7976931348623157e308,
    flag: true,
    at_ms: '1714558830123',
    day: '2024-02-29',
    tags: ["children's music", '東京 🎧'],
    doc: { a: [1, 'x'], b: null },
    markets: ['AD', "children's", '東京'],
  },
  {
    id: 3,
    s: '',
    note: '',
    small: -32768,
    mid: -2147483648,
    big: '-9223372036854775808',
    f32: 1.401298464324817e-45,
    f64: 5e-324,
    flag: false,
    at_ms: '-1',
    day: '1970-01-01',
    tags: [],
    doc: { k: null, v: true },
    markets: [],
  },
  {
    id: 4,
    s: 'tab\there \\ back\nline',
    note: 'δquoted',
    small: 0,
    mid: 0,
    big: '0',
    f32: -3.4028234663852886e38,
    f64: -0,
    flag: true,
    at_ms: '1714607999999',
    day: '9999-12-31',
    tags: ['🎧', ''],
    doc: 'just text',
    markets: ['🎧', '', 'a"b'],
  },
];
