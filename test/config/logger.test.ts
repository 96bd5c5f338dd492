import { createLogger, redactText } from '../../src/config/logger';

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

  it('child loggers add their fields to every line', () => {
    const { logger, records } = capture();
    logger.child({ ref: 'abc12345' }).warn('slow', { ms: 12 });
    expect(records()[0]).toMatchObject({ ref: 'abc12345', ms: 12, msg: 'slow' });
  });
});

describe('redactText', () => {
  it('leaves ordinary text alone', () => {
    expect(redactText('find sMSAs on SRV01')).toBe('find sMSAs on SRV01');
  });
  it('masks basic auth and URL credentials', () => {
    expect(redactText('Basic dXNlcjpwYXNz')).toBe('Basic [redacted]');
    expect(redactText('ldaps://admin:pw@dc1')).toBe('ldaps://admin:[redacted]@dc1');
  });
});

describe('redactText and describeConfig lines', () => {
  it('keeps "(set)" / "(not set)" readable but masks any other value after a secret name', () => {
    expect(redactText('LDAP_BIND_PASSWORD = (set) (from environment)')).toBe(
      'LDAP_BIND_PASSWORD = (set) (from environment)',
    );
    expect(redactText('MicrosoftAppPassword = (not set)')).toBe('MicrosoftAppPassword = (not set)');
    expect(redactText('LDAP_BIND_PASSWORD = hunter2')).toBe('LDAP_BIND_PASSWORD = [redacted]');
  });
});
