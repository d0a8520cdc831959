// Splits a JSON array of objects into its elements as bytes arrive, so a 12 MB export is parsed one
// element at a time and never held whole. Knows where it is (byte, line, column, element), so a
// truncated or malformed file is rejected with the exact position. Structural characters are
// ASCII and never occur inside a UTF-8 multibyte sequence, so scanning bytes is safe.

export interface JsonElement {
  value: unknown;
  /** 1-based element number. */
  index: number;
  byte: number;
  line: number;
  column: number;
}

export interface JsonPosition {
  byte: number;
  line: number;
  column: number;
  /** The element being read (1-based), or the next one expected. */
  element: number;
}

export class JsonArrayError extends Error {
  readonly position: JsonPosition;
  readonly detail: string;

  constructor(detail: string, position: JsonPosition) {
    super(
      `${detail} at line ${position.line}, column ${position.column} (byte ${position.byte}, element ${position.element})`,
    );
    this.name = 'JsonArrayError';
    this.detail = detail;
    this.position = position;
  }
}

type State = 'start' | 'first' | 'afterComma' | 'afterElement' | 'inElement' | 'end';

const isSpace = (b: number): boolean => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

export interface JsonArraySplitter {
  push(chunk: Buffer): JsonElement[];
  /** Call at end of input: throws when the array was not closed (a truncated file). */
  end(): void;
}

export function createJsonArraySplitter(maxElementBytes = 1024 * 1024): JsonArraySplitter {
  let state: State = 'start';
  let byte = 0;
  let line = 1;
  let column = 1;
  let count = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let parts: Buffer[] = [];
  let size = 0;
  let start: Omit<JsonElement, 'value'> = { index: 0, byte: 0, line: 1, column: 1 };

  const here = (): JsonPosition => ({
    byte,
    line,
    column,
    element: state === 'inElement' ? count : count + 1,
  });
  const fail = (detail: string): never => {
    throw new JsonArrayError(detail, here());
  };

  const finishElement = (): JsonElement => {
    const text = Buffer.concat(parts).toString('utf8');
    parts = [];
    size = 0;
    try {
      return { ...start, value: JSON.parse(text) as unknown };
    } catch (err) {
      throw new JsonArrayError(`element is not valid JSON (${(err as Error).message})`, {
        byte: start.byte,
        line: start.line,
        column: start.column,
        element: start.index,
      });
    }
  };

  /** Consumes one byte of an element; true when the element closed on it. */
  const scan = (b: number): boolean => {
    if (inString) {
      if (escaped) {
        escaped = false;
      } else if (b === 0x5c) {
        escaped = true;
      } else if (b === 0x22) {
        inString = false;
      }
      return false;
    }
    if (b === 0x22) {
      inString = true;
    } else if (b === 0x7b || b === 0x5b) {
      depth += 1;
    } else if (b === 0x7d || b === 0x5d) {
      depth -= 1;
    }
    return depth === 0;
  };

  const between = (b: number): void => {
    if (state === 'start') {
      if (b !== 0x5b) {
        fail('expected "[" (an export file is a JSON array of plays)');
      }
      state = 'first';
    } else if (state === 'first' && b === 0x5d) {
      state = 'end';
    } else if (state === 'afterElement') {
      if (b === 0x2c) {
        state = 'afterComma';
      } else if (b === 0x5d) {
        state = 'end';
      } else {
        fail('expected "," or "]" after an element');
      }
    } else if (state === 'end') {
      fail('unexpected data after the closing "]"');
    } else if (b !== 0x7b) {
      fail('expected an object "{" (each play is a JSON object)');
    } else {
      count += 1;
      start = { index: count, byte, line, column };
      state = 'inElement';
      depth = 0;
    }
  };

  return {
    push(chunk) {
      const elements: JsonElement[] = [];
      let from = 0;
      for (let i = 0; i < chunk.length; i += 1) {
        const b = chunk[i] as number;
        if (state === 'inElement') {
          if (scan(b)) {
            parts.push(chunk.subarray(from, i + 1));
            elements.push(finishElement());
            state = 'afterElement';
          }
        } else if (
          !isSpace(b) &&
          !(byte < 3 && state === 'start' && (b === 0xef || b === 0xbb || b === 0xbf))
        ) {
          between(b);
          // between() may have opened an element: read state afresh (TS narrows it too far).
          if ((state as State) === 'inElement') {
            from = i;
            scan(b);
          }
        }
        byte += 1;
        if (b === 0x0a) {
          line += 1;
          column = 1;
        } else {
          column += 1;
        }
      }
      if (state === 'inElement') {
        parts.push(chunk.subarray(from));
        size += chunk.length - from;
        if (size > maxElementBytes) {
          fail(`an element is larger than ${maxElementBytes} bytes`);
        }
      }
      return elements;
    },
    end() {
      if (state !== 'end') {
        fail(
          state === 'start'
            ? 'the file is empty'
            : 'the file ends before its array is closed (truncated?)',
        );
      }
    },
  };
}
