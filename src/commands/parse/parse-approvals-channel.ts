import type { TypedCommand } from '../command';

const WHERE: ReadonlySet<string> = new Set(['here', 'channel']);

/**
 * `register approvals here` (also `register approvals channel`, `register this channel for approvals`)
 * and `unregister approvals channel` (also `… here`): exact phrases, checked word by word before the
 * general grammar. `sentence` is normalized, spaces collapsed, closing marks trimmed.
 */
export function parseApprovalsChannel(sentence: string): TypedCommand | null {
  const words = sentence
    .toLowerCase()
    .split(' ')
    .filter((word) => word !== '' && word !== 'the' && word !== 'as');
  // a polite opening: "please register approvals here"
  if (words[0] === 'please') words.shift();
  const [verb, ...rest] = words;
  if (verb !== 'register' && verb !== 'unregister') return null;
  const phrase = rest.join(' ');
  const matches =
    (rest.length === 2 && (rest[0] === 'approvals' || rest[0] === 'approval') && WHERE.has(rest[1] ?? '')) ||
    phrase === 'this channel for approvals' ||
    (verb === 'unregister' && (phrase === 'approvals' || phrase === 'this channel'));
  if (!matches) return null;
  return { kind: verb === 'register' ? 'register-approvals-channel' : 'unregister-approvals-channel' };
}
