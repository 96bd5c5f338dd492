import { EXECUTION_STEPS } from '../../src/approvals/approval-service';
import { readTestPause, TEST_PAUSE_STEPS } from '../../src/config/test-pause';

describe('the test-only pause of a fix (MSA_WARDEN_TEST_PAUSE)', () => {
  it('is read only under NODE_ENV=test', () => {
    expect(readTestPause({ NODE_ENV: 'test', MSA_WARDEN_TEST_PAUSE: 'after-apply:60000' })).toEqual({
      pause: { step: 'after-apply', ms: 60_000 },
      ignored: false,
    });
    for (const NODE_ENV of [undefined, 'production', 'development', 'TEST'])
      expect(readTestPause({ NODE_ENV, MSA_WARDEN_TEST_PAUSE: 'after-apply:60000' })).toEqual({
        pause: null,
        ignored: true,
      });
    expect(readTestPause({ NODE_ENV: 'production' })).toEqual({ pause: null, ignored: false });
  });

  it('ignores what it does not understand', () => {
    for (const value of ['after-apply', 'during-lunch:5', 'after-apply:-1', 'after-apply:1e9', ':5'])
      expect(readTestPause({ NODE_ENV: 'test', MSA_WARDEN_TEST_PAUSE: value })).toEqual({
        pause: null,
        ignored: true,
      });
  });

  it('names the steps of the approval service, in order', () => {
    expect([...TEST_PAUSE_STEPS]).toEqual([...EXECUTION_STEPS]);
  });
});
