import { nextRotationText, passwordAgeText, rotationIntervalDays } from '../../src/domain/password-rotation';
import { makeServiceAccount } from '../support/fake-directory';
import { NOW } from '../support/card-inspect';

const account = (input: Partial<Parameters<typeof makeServiceAccount>[0]>) =>
  makeServiceAccount({ distinguishedName: 'CN=a', name: 'a', ...input });

describe('password rotation in words', () => {
  it('counts whole days, one day singular, a future date as 0', () => {
    expect(passwordAgeText(account({ passwordLastSetAt: '2025-11-24T11:00:00Z' }), NOW)).toBe('1 day');
    expect(passwordAgeText(account({ passwordLastSetAt: '2025-11-25T11:59:00Z' }), NOW)).toBe('0 days');
    expect(passwordAgeText(account({ passwordLastSetAt: '2025-12-25T00:00:00Z' }), NOW)).toBe('0 days');
    expect(passwordAgeText(account({ passwordLastSetAt: null }), NOW)).toBe('never set');
  });

  it('expects sMSAs every 30 days and gMSAs at their own interval (30 when unknown)', () => {
    expect(rotationIntervalDays(account({}))).toBe(30);
    expect(rotationIntervalDays(account({ kind: 'gMSA', passwordIntervalDays: 14 }))).toBe(14);
    expect(rotationIntervalDays(account({ kind: 'gMSA' }))).toBe(30);
    // sMSAs follow the configured machine-account password age; a gMSA keeps its own interval
    expect(rotationIntervalDays(account({}), 45)).toBe(45);
    expect(rotationIntervalDays(account({ kind: 'gMSA', passwordIntervalDays: 14 }), 45)).toBe(14);
  });

  it('says when the next change is due, or since when it is overdue', () => {
    expect(nextRotationText(account({ passwordLastSetAt: '2025-11-20T00:00:00Z' }), NOW)).toBe(
      '2025-12-20 00:00 UTC (every 30 days)',
    );
    expect(
      nextRotationText(
        account({ kind: 'gMSA', passwordIntervalDays: 1, passwordLastSetAt: '2025-11-23T12:00:00Z' }),
        NOW,
      ),
    ).toBe('overdue since 2025-11-24 12:00 UTC (1 day; expected every 1 day)');
  });
});
