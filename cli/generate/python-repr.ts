// Writes values the way pandas `to_csv` wrote the Kaggle files: Python `repr` of strings, lists,
// dicts and floats inside CSV fields quoted only when needed (csv.QUOTE_MINIMAL).

/** Python's `repr(str)`: single quotes unless the text holds a single quote and no double quote. */
// Control characters are exactly what repr escapes, so the pattern has to name them.
// eslint-disable-next-line no-control-regex
const PLAIN = /^[^'\\\x00-\x1f\x7f]*$/;

export function pythonString(text: string): string {
  if (PLAIN.test(text)) {
    return `'${text}'`;
  }
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) {
    if (ch === '\\' || ch === quote) {
      out += `\\${ch}`;
    } else if (ch === '\n') {
      out += '\\n';
    } else if (ch === '\r') {
      out += '\\r';
    } else if (ch === '\t') {
      out += '\\t';
    } else if (ch < ' ' || ch === '\u007f') {
      out += `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
    } else {
      out += ch;
    }
  }
  return out + quote;
}

/** Python's `repr(float)`: shortest round-trip digits, `1.0` for integers, `1e-05` below 1e-4. */
export function pythonFloat(value: number): string {
  if (Number.isNaN(value)) {
    return 'nan';
  }
  if (!Number.isFinite(value)) {
    return value > 0 ? 'inf' : '-inf';
  }
  if (value === 0) {
    return Object.is(value, -0) ? '-0.0' : '0.0';
  }
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-4 && magnitude < 1e16) {
    // In this range JavaScript prints the same shortest digits as Python, in fixed notation.
    const fixed = String(value);
    return fixed.includes('.') ? fixed : `${fixed}.0`;
  }
  const [mantissa = '', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  const sign = exponent < 0 ? '-' : '+';
  return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field as Python's csv module writes it with QUOTE_MINIMAL. */
export function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
