import { MAX_CARD_BYTES } from '../../src/cards/card-bytes';
import { buildDigest } from '../../src/digest/build-digest';
import { digestCardView, digestReply, OPEN_APPROVAL_VERB } from '../../src/digest/digest-card';
import { actions, texts } from '../support/card-inspect';
import { cardBytes, validateCard } from '../support/validate-card';
import { approval, auditOf, finding } from './digest-fixtures';

const NOW = new Date('2025-03-03T07:00:00Z');
const BEFORE = new Date('2025-02-28T07:00:00Z');
const options = { timeZone: 'Europe/Berlin', scheduleWords: 'weekdays at 08:00 (Europe/Berlin)' };

describe('digest card', () => {
  it('puts "nothing changed" in one line at the top, with the date in the subscription time zone', () => {
    const findings = [finding(1)];
    const data = buildDigest({
      audit: auditOf(findings),
      previous: { scope: 's', at: BEFORE, keys: [findings[0]!.key] },
      approvals: [],
      now: NOW,
    });
    const card = digestReply(data, options).cards[0]!;
    expect(validateCard(card)).toEqual([]);
    expect(texts(card)[0]).toBe('Nothing changed since 2025-02-28 08:00 Europe/Berlin.');
    expect(texts(card)).toContain(
      '2025-03-03 08:00 Europe/Berlin · 1 account checked · weekdays at 08:00 (Europe/Berlin)',
    );
  });

  it('lists new, resolved, overdue and waiting, with buttons for the full audit and each approval', () => {
    const gone = finding(9, 'privileged-membership', 'critical', 'S-1-5-32-544');
    const fresh = finding(2, 'unconstrained-delegation', 'critical');
    const overdue = finding(3, 'password-rotation', 'medium', 'password-age');
    const data = buildDigest({
      audit: auditOf([fresh, overdue]),
      previous: { scope: 's', at: BEFORE, keys: [gone.key, overdue.key] },
      approvals: [approval('appr-1', new Date('2025-03-01T07:00:00Z'))],
      now: NOW,
    });
    const reply = digestReply(data, options);
    const card = reply.cards[0]!;
    expect(validateCard(card)).toEqual([]);
    const text = texts(card);
    expect(text).toEqual(
      expect.arrayContaining([
        'New since 2025-02-28 08:00 Europe/Berlin (1)',
        'Resolved (1)',
        'Passwords overdue for rotation (1)',
        'Waiting for approval (1)',
        'requested by Alex Wilber, waiting 2 days',
      ]),
    );
    expect(text[0]).not.toContain('Nothing changed');
    const buttons = actions(card);
    expect(buttons).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          title: 'Full audit',
          verb: 'audit.more',
          data: { scope: 'all', offset: 0 },
        }),
        expect.objectContaining({ verb: OPEN_APPROVAL_VERB, data: { approvalId: 'appr-1' } }),
      ]),
    );
    expect(reply.summary).toBe(
      'Digest: 2 findings, 1 new, 1 resolved, 1 passwords overdue, 1 waiting for approval',
    );
  });

  it('stays under the Teams size limit with thousands of findings, the rest counted behind Show more', () => {
    const before = Array.from({ length: 3000 }, (_, i) => finding(i, 'no-owner', 'info'));
    const after = Array.from({ length: 3000 }, (_, i) =>
      finding(
        i + 1500,
        i % 2 === 0 ? 'password-rotation' : 'weak-encryption',
        'medium',
        `detail ${'x'.repeat(300)}`,
      ),
    );
    const data = buildDigest({
      audit: auditOf(after),
      previous: { scope: 's', at: BEFORE, keys: before.map((f) => f.key) },
      approvals: Array.from({ length: 40 }, (_, i) => approval(`a${i}`, BEFORE)),
      now: NOW,
    });
    const card = digestReply(data, { ...options, maxRows: 50 }).cards[0]!;
    process.stdout.write(`digest card with 3,000 findings: ${cardBytes(card)} bytes\n`);
    expect(cardBytes(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(validateCard(card)).toEqual([]);
    const text = texts(card);
    expect(text.some((t) => t.startsWith('New since') && t.endsWith('(3,000)'))).toBe(true);
    expect(text.some((t) => /^and [\d,]+ more: Show more opens the full audit$/.test(t))).toBe(true);
    expect(actions(card).map((a) => a.title)).toContain('Show more (full audit)');
  });

  it('clips long account names and titles', () => {
    const long = { ...finding(1), title: 'T'.repeat(5000) };
    const view = digestCardView(
      buildDigest({
        audit: auditOf([long]),
        previous: { scope: 's', at: BEFORE, keys: [] },
        approvals: [],
        now: NOW,
      }),
      options,
    );
    expect(view.sections[0]?.rows[0]?.title.length).toBeLessThanOrEqual(200);
  });
});
