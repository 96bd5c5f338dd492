import { createReadiness } from '../../src/bot/readiness';
import { DirectoryError } from '../../src/domain/directory-error';

describe('createReadiness', () => {
  it('is ready only when every probe answers, and names the part that is down with its reason only', async () => {
    const readiness = createReadiness({
      probes: {
        directory: () => Promise.reject(new DirectoryError('bind-failed', 'bind as CN=bot password=hunter2')),
        store: () => Promise.resolve(),
      },
      timeoutMs: 1000,
      cacheMs: 0,
    });
    const report = await readiness();
    expect(report).toEqual({
      ready: false,
      parts: { directory: { status: 'down', reason: 'bind-failed' }, store: { status: 'up' } },
    });
    expect(JSON.stringify(report)).not.toContain('hunter2');
  });

  it('counts a probe that does not answer within the deadline as down (timeout)', async () => {
    const readiness = createReadiness({
      probes: { directory: () => new Promise<void>(() => undefined), store: () => Promise.resolve() },
      timeoutMs: 20,
      cacheMs: 0,
    });
    expect(await readiness()).toEqual({
      ready: false,
      parts: { directory: { status: 'down', reason: 'timeout' }, store: { status: 'up' } },
    });
  });

  it('gives an error without a one-word reason the reason "failed", never its message', async () => {
    const readiness = createReadiness({
      probes: { store: () => Promise.reject(new Error('connect to postgres://u:secret@db failed')) },
      timeoutMs: 1000,
      cacheMs: 0,
    });
    expect(await readiness()).toEqual({
      ready: false,
      parts: { store: { status: 'down', reason: 'failed' } },
    });
  });

  it('probes each part once per cache period however often it is asked', async () => {
    let clock = 0;
    let probes = 0;
    const readiness = createReadiness({
      probes: {
        directory: () => {
          probes++;
          return Promise.resolve();
        },
      },
      timeoutMs: 1000,
      cacheMs: 3000,
      now: () => clock,
    });
    await Promise.all(Array.from({ length: 100 }, () => readiness()));
    clock = 2999;
    await readiness();
    expect(probes).toBe(1);
    clock = 3000;
    expect((await readiness()).ready).toBe(true);
    expect(probes).toBe(2);
  });
});
