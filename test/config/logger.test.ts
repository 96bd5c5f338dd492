import { createLogger } from '../../src/config/logger';

function capture(level: 'debug' | 'info' | 'warn' | 'error' | 'silent' = 'debug') {
  const lines: string[] = [];
  const logger = createLogger({
    level,
    write: (line) => lines.push(line),
    clock: () => new Date('2025-01-02T03:04:05Z'),
  });
  return { logger, lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('writes one JSON object per line with time, level and message', () => {
    const { logger, records } = capture();
    logger.info('started', { port: 3978 });
    expect(records()).toEqual([
      { time: '2025-01-02T03:04:05.000Z', level: 'info', msg: 'started', port: 3978 },
    ]);
  });

  it('drops lines below the configured level', () => {
    const { logger, records } = capture('warn');
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect(records().map((r) => r.level)).toEqual(['warn', 'error']);
    const silent = capture('silent');
    silent.logger.error('nothing');
    expect(silent.lines).toEqual([]);
  });

  it('masks fields named like secrets, at any depth', () => {
    const { logger, lines, records } = capture();
    logger.info('bind', {
      bindPassword: 'hunter2',
      nested: { MicrosoftAppPassword: 'app-secret', headers: { authorization: 'Bearer abc' } },
      list: [{ token: 'tok' }],
      user: 'alex',
    });
    expect(records()[0]).toMatchObject({
      bindPassword: '[redacted]',
      nested: { MicrosoftAppPassword: '[redacted]', headers: { authorization: '[redacted]' } },
      list: [{ token: '[redacted]' }],
      user: 'alex',
    });
    for (const secret of ['hunter2', 'app-secret', 'abc', 'tok"']) expect(lines[0]).not.toContain(secret);
  });

  it('masks secret-looking text in messages and string fields', () => {
    const { logger, lines } = capture();
    logger.error('failed: password=hunter2', {
      detail: 'Authorization: Bearer eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl',
      url: 'postgres://warden:pg-secret@db/warden',
    });
    for (const secret of ['hunter2', 'eyJhbGciOi', 'c2lnbmF0dXJl', 'pg-secret'])
      expect(lines[0]).not.toContain(secret);
  });

  it('logs an Error as its class and a redacted message', () => {
    const { logger, records } = capture();
    logger.error('oops', { error: new RangeError('secret=xyz out of range') });
    expect(records()[0]!.error).toEqual({
      errorClass: 'RangeError',
      message: 'secret=[redacted] out of range',
    });
  });

  it('masks new key spellings and free-text secrets from the shared rule', () => {
    const { logger, lines } = capture();
    logger.warn('bind to ldaps://u:p@ss/w@host failed', {
      bindPw: 'pw-1',
      pass: 'pw-2',
      privateKey: 'pw-3',
      detail: 'body {"password":"pw-4"}',
      header: 'Basic cHctNQ==',
    });
    for (const secret of ['p@ss/w', 'ss/w', 'pw-1', 'pw-2', 'pw-3', 'pw-4', 'cHctNQ'])
      expect(lines[0]).not.toContain(secret);
  });

  it('child loggers add their fields to every line', () => {
    const { logger, records } = capture();
    logger.child({ ref: 'abc12345' }).warn('slow', { ms: 12 });
    expect(records()[0]).toMatchObject({ ref: 'abc12345', ms: 12, msg: 'slow' });
  });
});
