// A memo that forgets everything once it holds `limit` entries, so its memory never grows with the
// data: for values that repeat in runs, such as a column's list texts or a row group's dictionary.

export class BoundedMemo<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly limit: number) {}

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  /** Remembers `value` for `key`, first emptying the memo if it is full; returns `value`. */
  set(key: K, value: V): V {
    if (this.entries.size >= this.limit) {
      this.entries.clear();
    }
    this.entries.set(key, value);
    return value;
  }
}
