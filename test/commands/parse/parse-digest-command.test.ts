import { parseDigestCommand } from '../../../src/commands/parse/parse-digest-command';

describe('parseDigestCommand', () => {
  it.each([
    ['subscribe digest', { kind: 'subscribe-digest', schedule: '' }],
    [
      'Subscribe Digest weekly on Monday at 07:30 Europe/Berlin',
      { kind: 'subscribe-digest', schedule: 'weekly on Monday at 07:30 Europe/Berlin' },
    ],
    ['subscribe to digest daily', { kind: 'subscribe-digest', schedule: 'daily' }],
    ['unsubscribe digest', { kind: 'unsubscribe-digest' }],
    ['unsubscribe from digest', { kind: 'unsubscribe-digest' }],
    ['digest now', { kind: 'digest-now' }],
    ['DIGEST STATUS', { kind: 'digest-status' }],
  ])('%s', (text, expected) => {
    expect(parseDigestCommand(text)).toEqual(expected);
  });

  it.each([
    'subscribe',
    'subscribe to news',
    'digest',
    'digest now please later',
    'unsubscribe digest x y',
    'show svc_sql01',
  ])('leaves %s to the other commands', (text) => {
    expect(parseDigestCommand(text)).toBeNull();
  });

  it('reads at most 200 characters', () => {
    const command = parseDigestCommand(`subscribe digest ${'x'.repeat(10_000)}`);
    expect(command?.kind).toBe('subscribe-digest');
    expect(command?.kind === 'subscribe-digest' && command.schedule.length).toBeLessThan(200);
  });
});
