export interface WaitForHttpOptions {
  timeoutMs: number;
  /** the body must contain this text (e.g. `pong`); any 2xx answer counts when absent */
  bodyIncludes?: string;
  intervalMs?: number;
  /** checked between attempts: a child that died makes waiting pointless */
  gaveUp?: () => string | undefined;
}

/**
 * Polls `url` until it answers 2xx (and the body has `bodyIncludes`). Resolves with the elapsed
 * milliseconds; rejects with the last reason once `timeoutMs` has passed or `gaveUp` says why.
 */
export async function waitForHttp(url: string, options: WaitForHttpOptions): Promise<number> {
  const started = Date.now();
  const interval = options.intervalMs ?? 100;
  let last: string;
  for (;;) {
    const reason = options.gaveUp?.();
    if (reason !== undefined) throw new Error(reason);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      const body = await response.text();
      if (response.ok && (options.bodyIncludes === undefined || body.includes(options.bodyIncludes))) {
        return Date.now() - started;
      }
      last = `HTTP ${response.status}`;
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      last = cause?.code ?? (error as Error).name;
    }
    if (Date.now() - started > options.timeoutMs) {
      throw new Error(`${url} did not answer within ${Math.round(options.timeoutMs / 1000)} s (${last})`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
