/** One part the bot needs (the directory, the store) and whether it answered its probe. */
export interface PartState {
  status: 'up' | 'down';
  /** why it is down in one word (`timeout`, `unreachable`, `bind-failed`…); never a message or stack */
  reason?: string;
}

export interface ReadinessReport {
  ready: boolean;
  parts: Record<string, PartState>;
}

export interface ReadinessOptions {
  /** each resolves when its part works, rejects otherwise */
  probes: Record<string, () => Promise<unknown>>;
  /** a probe that has not answered by then counts as down (`timeout`) */
  timeoutMs: number;
  /** a report is reused this long, so /readyz cannot be used to hammer the directory */
  cacheMs: number;
  now?: () => number;
}

const REASON = /^[a-z][a-z-]{0,39}$/;

/** The error's `reason` when it is one short word (DirectoryError, StoreError), else `failed`. */
function reasonOf(error: unknown): string {
  const reason = (error as { reason?: unknown } | null)?.reason;
  return typeof reason === 'string' && REASON.test(reason) ? reason : 'failed';
}

async function probe(check: () => Promise<unknown>, timeoutMs: number): Promise<PartState> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<PartState>((resolve) => {
    timer = setTimeout(() => resolve({ status: 'down', reason: 'timeout' }), timeoutMs);
  });
  try {
    return await Promise.race([
      check().then(
        (): PartState => ({ status: 'up' }),
        (error: unknown): PartState => ({ status: 'down', reason: reasonOf(error) }),
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `GET /readyz`'s answer: every probe run in parallel under one deadline, the report cached for
 * `cacheMs` and shared by concurrent callers (one probe of each part at a time, whatever the load).
 */
export function createReadiness(options: ReadinessOptions): () => Promise<ReadinessReport> {
  const now = options.now ?? Date.now;
  let cached: { at: number; report: Promise<ReadinessReport> } | null = null;
  const run = async (): Promise<ReadinessReport> => {
    const names = Object.keys(options.probes);
    const states = await Promise.all(names.map((name) => probe(options.probes[name]!, options.timeoutMs)));
    const parts: Record<string, PartState> = {};
    names.forEach((name, i) => (parts[name] = states[i]!));
    return { ready: states.every((state) => state.status === 'up'), parts };
  };
  return () => {
    const at = now();
    if (cached === null || at - cached.at >= options.cacheMs) {
      const report = run();
      cached = { at, report };
      // the cache age counts from when the answer came, so a slow probe is not repeated at once
      const entry = cached;
      void report.then(() => {
        if (cached === entry) entry.at = now();
      });
    }
    return cached.report;
  };
}
