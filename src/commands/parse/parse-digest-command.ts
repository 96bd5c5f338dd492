/** The digest's chat commands; the schedule words are parsed later by parseSchedule (src/digest/). */
export type DigestCommand =
  | { kind: 'subscribe-digest'; schedule: string }
  | { kind: 'unsubscribe-digest' }
  | { kind: 'digest-now' }
  | { kind: 'digest-status' };

/** User text is cut here before any work: a schedule is a few words. */
const MAX_TEXT = 200;

/**
 * `subscribe digest …`, `unsubscribe digest`, `digest now`, `digest status` (mention and HTML already
 * removed); null for anything else. Words are compared whole, no regex runs over the text.
 */
export function parseDigestCommand(text: string): DigestCommand | null {
  const words = text
    .slice(0, MAX_TEXT)
    .split(' ')
    .filter((word) => word !== '');
  const lower = words.map((word) => word.toLowerCase());
  const [first, second] = lower;
  if (first === 'subscribe' && (second === 'digest' || second === 'to')) {
    const from = second === 'to' && lower[2] === 'digest' ? 3 : 2;
    if (second === 'to' && lower[2] !== 'digest') return null;
    return { kind: 'subscribe-digest', schedule: words.slice(from).join(' ') };
  }
  if (first === 'unsubscribe' && (second === 'digest' || (second === 'from' && lower[2] === 'digest')))
    return lower.length <= 3 ? { kind: 'unsubscribe-digest' } : null;
  if (first === 'digest' && lower.length === 2) {
    if (second === 'now') return { kind: 'digest-now' };
    if (second === 'status') return { kind: 'digest-status' };
  }
  return null;
}
