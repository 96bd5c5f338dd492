import { SingleFlight } from '../../src/domain/single-flight';

/** A promise the test settles by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('SingleFlight', () => {
  it('runs the work once for callers who ask while it is in flight, and gives them all its result', async () => {
    const flights = new SingleFlight<string>();
    const gate = deferred<string>();
    let started = 0;
    const work = () => {
      started++;
      return gate.promise;
    };
    const asked = [flights.run('all', work), flights.run('all', work), flights.run('all', work)];
    expect(flights.size).toBe(1);
    gate.resolve('facts');
    await expect(Promise.all(asked)).resolves.toEqual(['facts', 'facts', 'facts']);
    expect(started).toBe(1);
    expect(flights.size).toBe(0);
  });

  it('keeps keys apart', async () => {
    const flights = new SingleFlight<string>();
    const started: string[] = [];
    const run = (key: string) =>
      flights.run(key, () => {
        started.push(key);
        return Promise.resolve(key);
      });
    await expect(Promise.all([run('a'), run('b'), run('a')])).resolves.toEqual(['a', 'b', 'a']);
    expect(started).toEqual(['a', 'b']);
  });

  it('keeps nothing once the work settles: the next caller starts it again', async () => {
    const flights = new SingleFlight<number>();
    let started = 0;
    const work = () => Promise.resolve(++started);
    expect(await flights.run('k', work)).toBe(1);
    expect(await flights.run('k', work)).toBe(2);
  });

  it('gives every joined caller the failure, then lets the next one try again', async () => {
    const flights = new SingleFlight<string>();
    const gate = deferred<string>();
    const asked = [flights.run('k', () => gate.promise), flights.run('k', () => gate.promise)];
    gate.reject(new Error('down'));
    for (const a of asked) await expect(a).rejects.toThrow('down');
    expect(flights.size).toBe(0);
    await expect(flights.run('k', () => Promise.resolve('up'))).resolves.toBe('up');
  });

  it('turns work that throws at once into a rejected flight, not a throw at the caller', async () => {
    const flights = new SingleFlight<string>();
    const flight = flights.run('k', () => {
      throw new Error('at once');
    });
    await expect(flight).rejects.toThrow('at once');
    expect(flights.size).toBe(0);
  });
});
