import { findingKey } from '../../src/audit/finding-key';

describe('findingKey', () => {
  it('joins check id, lower-case objectGUID and detail', () => {
    expect(
      findingKey(
        'duplicate-spn',
        { guid: 'AABBCCDD-0000-4000-8000-000000000001', sid: 'S-1-5-21-1-2-3-1104' },
        'http/x',
      ),
    ).toBe('duplicate-spn:aabbccdd-0000-4000-8000-000000000001:http/x');
  });

  it('uses the SID without a GUID', () => {
    expect(findingKey('disabled', { guid: '', sid: 's-1-5-21-1-2-3-1104' }, 'disabled')).toBe(
      'disabled:S-1-5-21-1-2-3-1104:disabled',
    );
  });
});
