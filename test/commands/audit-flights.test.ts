import { AuditFlights, AuditsBusyError, type AuditSlots } from '../../src/commands/audit-flights';
import { AuditRunCache, type CachedAuditRun } from '../../src/commands/audit-run-cache';
import { answerText } from '../../src/commands/route';
import { fixtureDeps } from '../support/fake-audit-source';
import { NOW } from '../support/card-inspect';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((res) => {
    resolve = res;
  });
  return { promise, resolve };
}

const run = (id: string): CachedAuditRun => ({
  id,
  scopeKey: 'all',
  ranAt: NOW,
  accountsChecked: 0,
  report: {
    title: id,
    subtitle: '',
    findings: [],
    emptyMessage: '',
    scope: { scope: 'all' },
    powershell: '',
  },
});

/** Slots that record what ran through them, and refuse everything when `refuse` is set. */
function recordingSlots(): AuditSlots & { ran: number; refuse: boolean } {
  const slots = {
    maxConcurrent: 1,
    maxWaitMs: 60_000,
    ran: 0,
    refuse: false,
    run: <T>(operation: () => Promise<T>): Promise<T> => {
      if (slots.refuse) return Promise.reject(new AuditsBusyError('queue-full', 1, 60_000));
      slots.ran++;
      return operation();
    },
  };
  return slots;
}

describe('AuditFlights', () => {
  it('starts one run per scope at a time; who asks meanwhile joins it', async () => {
    const flights = new AuditFlights(recordingSlots());
    const gate = deferred<CachedAuditRun>();
    let started = 0;
    const start = () => {
      started++;
      return gate.promise;
    };
    const joined = [flights.join('all', 'full', start), flights.join('all', 'full', start)];
    const other = flights.join('privileged', 'full', () => Promise.resolve(run('p')));
    expect(flights.inFlight).toBe(2);
    gate.resolve(run('a'));
    expect((await Promise.all(joined)).map((r) => r.id)).toEqual(['a', 'a']);
    expect((await other).id).toBe('p');
    expect(started).toBe(1);
    expect(flights.inFlight).toBe(0);
  });

  it('takes a slot for a full run only, once per run however many joined', async () => {
    const slots = recordingSlots();
    const flights = new AuditFlights(slots);
    await Promise.all([
      flights.join('all', 'full', () => Promise.resolve(run('a'))),
      flights.join('all', 'full', () => Promise.resolve(run('b'))),
      flights.join('host:srv01', 'light', () => Promise.resolve(run('h'))),
    ]);
    expect(slots.ran).toBe(1);
  });

  it('gives every joined asker the refusal, and the next ask tries again', async () => {
    const slots = recordingSlots();
    const flights = new AuditFlights(slots);
    slots.refuse = true;
    const asked = [
      flights.join('all', 'full', () => Promise.resolve(run('a'))),
      flights.join('all', 'full', () => Promise.resolve(run('a'))),
    ];
    for (const a of asked) await expect(a).rejects.toBeInstanceOf(AuditsBusyError);
    slots.refuse = false;
    await expect(flights.join('all', 'full', () => Promise.resolve(run('a')))).resolves.toMatchObject({
      id: 'a',
    });
  });
});

describe('audits asked at once through the router', () => {
  it('reads the facts once for three people asking "audit sMSAs"; each gets the card of one kept run', async () => {
    let n = 0;
    const base = fixtureDeps(NOW);
    const deps = {
      ...base,
      auditRuns: new AuditRunCache({ ttlMs: 60_000, maxFindings: 10_000, newId: () => `r${++n}` }),
      auditFlights: new AuditFlights(recordingSlots()),
    };
    const replies = await Promise.all([1, 2, 3].map(() => answerText('audit sMSAs', deps)));
    expect(base.auditSource.calls.filter((c) => c.method === 'readAccountFacts')).toHaveLength(1);
    expect(replies).toHaveLength(3);
    for (const reply of replies) {
      const text = JSON.stringify(reply.cards);
      expect(text).toMatch(/Audit of all managed service accounts/);
      expect(text).toContain('"run":"r1"');
    }
    expect(deps.auditRuns.size.runs).toBe(1);
    // asked again once the run is made: a new read, a new run (only runs in flight are joined)
    await answerText('audit sMSAs', deps);
    expect(base.auditSource.calls.filter((c) => c.method === 'readAccountFacts')).toHaveLength(2);
  });

  it('answers a full audit refused a slot with the "busy" card', async () => {
    const slots = recordingSlots();
    slots.refuse = true;
    const deps = { ...fixtureDeps(NOW), auditFlights: new AuditFlights(slots) };
    const text = JSON.stringify((await answerText('audit privileged sMSAs', deps)).cards);
    expect(text).toMatch(/Other full audits are running; try again in a minute/);
    expect(text).toMatch(/Nothing was changed/);
    expect(deps.auditSource.calls).toHaveLength(0);
  });

  it('never makes an audit of one computer wait for a slot', async () => {
    const slots = recordingSlots();
    slots.refuse = true;
    const deps = { ...fixtureDeps(NOW), auditFlights: new AuditFlights(slots) };
    const text = JSON.stringify((await answerText('audit SRV01', deps)).cards);
    expect(text).toMatch(/Audit of SRV01/);
    expect(text).not.toMatch(/busy|try again/i);
  });
});
