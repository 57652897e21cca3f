/**
 * A topic's current state, kept in memory from the very facts the topic publishes, so that
 * a snapshot is exactly the state as of the last sequence number. (A store read is not: it
 * may already hold a change whose event is still to come.)
 */
export class KeyedState<T> {
  private readonly items = new Map<string, T>();
  /** Keys that facts changed before the initial load finished: the facts are newer. */
  private touched: Set<string> | undefined = new Set();

  set(key: string, value: T): void {
    this.items.set(key, value);
    this.touched?.add(key);
  }

  delete(key: string): void {
    this.items.delete(key);
    this.touched?.add(key);
  }

  /** The initial state, read once at start; facts that came meanwhile win over it. */
  load(entries: Iterable<readonly [string, T]>): void {
    for (const [key, value] of entries) if (!this.touched?.has(key)) this.items.set(key, value);
    this.touched = undefined;
  }

  values(): T[] {
    return [...this.items.values()];
  }
}
