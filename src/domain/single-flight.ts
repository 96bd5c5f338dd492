/**
 * One piece of work per key at a time: a caller asking for a key already in flight gets the same
 * promise (its result or its failure) instead of starting the work again. Nothing is kept once the
 * work settles, so a later caller starts afresh; memory is one entry per key in flight.
 */
export class SingleFlight<T> {
  private readonly flights = new Map<string, Promise<T>>();

  /** Keys in flight now (for tests and figures). */
  get size(): number {
    return this.flights.size;
  }

  /** The flight for `key` when there is one; otherwise `work()`, shared with whoever asks meanwhile. */
  run(key: string, work: () => Promise<T>): Promise<T> {
    const inFlight = this.flights.get(key);
    if (inFlight !== undefined) return inFlight;
    // a `work` that throws at once still becomes this key's (rejected) flight, then leaves it
    const flight = Promise.resolve()
      .then(work)
      .finally(() => {
        if (this.flights.get(key) === flight) this.flights.delete(key);
      });
    this.flights.set(key, flight);
    return flight;
  }
}
