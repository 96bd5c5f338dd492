import { RecentApprovers } from '../../src/access/recent-approvers';

describe('RecentApprovers', () => {
  it('lists approvers most recent first, once each, readers never', () => {
    const seen = new RecentApprovers();
    seen.seen('29:nora', ['reader', 'approver']);
    seen.seen('29:rhea', ['reader']);
    seen.seen('29:alex', ['reader', 'approver']);
    seen.seen('29:nora', ['reader', 'approver']);
    expect(seen.list()).toEqual(['29:nora', '29:alex']);
  });

  it('drops someone seen without the approver role (removed from the group)', () => {
    const seen = new RecentApprovers();
    seen.seen('29:nora', ['reader', 'approver']);
    seen.seen('29:nora', []);
    expect(seen.list()).toEqual([]);
  });

  it('keeps at most the limit (Teams refreshes for at most 60 listed users)', () => {
    const seen = new RecentApprovers();
    for (let i = 0; i < 75; i++) seen.seen(`29:approver-${i}`, ['approver']);
    expect(seen.list()).toHaveLength(60);
    expect(seen.list()[0]).toBe('29:approver-74');
    expect(seen.list()).not.toContain('29:approver-14');
  });
});
