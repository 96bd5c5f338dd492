import { type CardAnswer, card } from '../../cards/card-answer';
import { DirectoryError, type DirectoryErrorReason } from '../../domain/directory-error';
import { AuditsBusyError } from '../audit-flights';
import { plural } from './plural';

/** What went wrong in an admin's words, and what to check. Never the error message: it may carry a DN or worse. */
const DIRECTORY_REASONS: Readonly<Record<DirectoryErrorReason, { title: string; line: string }>> = {
  unreachable: {
    title: 'The directory did not answer',
    line: 'No domain controller in LDAP_URL could be reached. I will try again on your next request.',
  },
  timeout: {
    title: 'The directory took too long to answer',
    line: 'The request timed out. Try again in a moment, or ask a narrower question.',
  },
  busy: {
    title: 'The directory is busy; try again in a moment',
    line: 'Many requests are being answered right now, so yours was not started. Ask again in a few seconds.',
  },
  'bind-failed': {
    title: "The bot's directory account could not sign in",
    line: 'Check LDAP_BIND_DN / LDAP_BIND_PASSWORD, and that the account is not locked or expired.',
  },
  tls: {
    title: "The directory's certificate is not trusted",
    line: 'Check LDAP_CA_CERT: it must hold the CA that issued the domain controller certificate, whose name must match LDAP_URL.',
  },
  'strong-auth-required': {
    title: 'The directory requires an encrypted connection',
    line: 'Use an ldaps:// URL in LDAP_URL, or set LDAP_STARTTLS for ldap:// URLs.',
  },
  'no-such-object': {
    title: 'The directory has no such object',
    line: 'Check LDAP_BASE_DN: it must name the domain, e.g. DC=corp,DC=example,DC=test.',
  },
  'insufficient-rights': {
    title: "The bot's directory account may not read this",
    line: 'Grant the account in LDAP_BIND_DN read access to the service accounts and computers.',
  },
  'already-in-state': {
    title: 'The directory was already in that state',
    line: 'Nothing needed to change.',
  },
  constraint: {
    title: 'The directory refused the request',
    line: 'A directory constraint or schema rule did not allow it.',
  },
  unknown: {
    title: 'The directory answered with an unexpected error',
    line: 'Try again; if it keeps happening, the bot log has the details.',
  },
};

function errorCard(title: string, lines: readonly string[], showHelp: boolean): CardAnswer {
  return card('error', { title, lines: [...lines], showHelp }, title);
}

export function directoryErrorReply(error: DirectoryError, ref?: string): CardAnswer {
  // a reason added to the union later, or a forged error, still gets a card
  const words = DIRECTORY_REASONS[error.reason] ?? DIRECTORY_REASONS.unknown;
  const lines = [words.line, 'Nothing was changed.'];
  if (error.resultCode !== undefined) lines.push(`LDAP result code ${error.resultCode}.`);
  if (ref !== undefined) lines.push(referenceLine(ref));
  return errorCard(words.title, lines, false);
}

export function unexpectedErrorReply(ref?: string): CardAnswer {
  return errorCard(
    'Something went wrong; nothing was changed',
    ['Try again; the bot log has the details.', ...(ref === undefined ? [] : [referenceLine(ref)])],
    false,
  );
}

/** The turn's correlation id, as every log line of the turn carries it. */
function referenceLine(ref: string): string {
  return `Reference: ${ref} (the same in the bot log).`;
}

export function outdatedButtonReply(): CardAnswer {
  return errorCard(
    'This button is out of date',
    [
      'The card it belongs to was made by an older version of the bot. Ask again, or type help for the commands.',
    ],
    true,
  );
}

export function tooLargeReply(): CardAnswer {
  return errorCard(
    'The answer is too large to show in Teams',
    ['Ask a narrower question, e.g. about one computer or one account.'],
    true,
  );
}

/** A full audit that found every slot taken and the line full, or waited too long for one. */
export function auditsBusyReply(error: AuditsBusyError): CardAnswer {
  const running = `${plural(error.maxConcurrent, 'full audit')} run at once; the others wait in line`;
  const why =
    error.reason === 'queue-full'
      ? 'the line was full'
      : `no audit finished within ${plural(Math.round(error.maxWaitMs / 1000), 'second')}`;
  return errorCard(
    'Other full audits are running; try again in a minute',
    [
      `${running}, and ${why}, so yours was not started.`,
      'Quick questions (find, show, audit of one computer) are answered meanwhile. Nothing was changed.',
    ],
    false,
  );
}

/** Any failure → a card; callers never see an exception. */
export function errorReply(error: unknown, ref?: string): CardAnswer {
  if (error instanceof AuditsBusyError) return auditsBusyReply(error);
  return error instanceof DirectoryError ? directoryErrorReply(error, ref) : unexpectedErrorReply(ref);
}
