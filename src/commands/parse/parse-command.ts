import type { ServiceAccountKind } from '../../domain/service-account';
import type { TypedCommand as Command } from '../command';
import { matchKeyword } from './fuzzy-keyword';
import { keywordForm } from './keyword-form';
import { normalizeText } from './normalize-text';
import { parseDigestCommand } from './parse-digest-command';
import { parseApprovalsChannel } from './parse-approvals-channel';
import { parseAuditTrail } from './parse-audit-trail';
import { newMeter } from './scan-meter';
import type { ScanMeter } from './scan-meter';
import { splitWords } from './split-words';
import { isOnlyQuestionMarks, trimClosingPlease, trimTrailingMarks } from './trim-trailing';

/**
 * Free text → Command. A small grammar: a (typo-tolerant) verb, then a noun phrase such as
 * "service accounts", then an argument after a connector ("on SRV01"). Arguments are kept exactly
 * as typed (minus surrounding quotes); the directory layer escapes them.
 */

type Verb = 'find' | 'list' | 'show' | 'help' | 'audit' | 'migration' | 'test' | 'whoami';

const VERBS: Readonly<Record<string, Verb>> = {
  find: 'find',
  search: 'find',
  locate: 'find',
  lookup: 'find',
  which: 'find',
  what: 'find',
  list: 'list',
  ls: 'list',
  enumerate: 'list',
  show: 'show',
  describe: 'show',
  details: 'show',
  info: 'show',
  get: 'show',
  display: 'show',
  help: 'help',
  commands: 'help',
  usage: 'help',
  audit: 'audit',
  scan: 'audit',
  migration: 'migration',
  migrations: 'migration',
  migrate: 'migration',
  test: 'test',
  verify: 'test',
  whoami: 'whoami',
};

/** Verbs that may take a host straight after them ("find SRV01"), unlike "which"/"what". */
const HOST_FIRST_VERBS: Readonly<Record<string, true>> = {
  find: true,
  search: true,
  locate: true,
  lookup: true,
};

type Noun = 'smsa' | 'gmsa' | 'msa' | 'privileged' | 'candidates' | 'host';

const NOUNS: Readonly<Record<string, Noun>> = {
  smsa: 'smsa',
  smsas: 'smsa',
  standalone: 'smsa',
  gmsa: 'gmsa',
  gmsas: 'gmsa',
  group: 'gmsa',
  msa: 'msa',
  msas: 'msa',
  service: 'msa',
  services: 'msa',
  account: 'msa',
  accounts: 'msa',
  managed: 'msa',
  privileged: 'privileged',
  privilege: 'privileged',
  privileges: 'privileged',
  admin: 'privileged',
  admins: 'privileged',
  tier0: 'privileged',
  candidates: 'candidates',
  candidate: 'candidates',
  host: 'host',
  hosts: 'host',
  server: 'host',
  computer: 'host',
  machine: 'host',
};

/** Words that carry no meaning in a noun phrase ("which service accounts *are installed* on"). */
const FILLERS: ReadonlySet<string> = new Set([
  'the',
  'all',
  'my',
  'our',
  'every',
  'any',
  'of',
  'existing',
  'are',
  'is',
  'run',
  'runs',
  'running',
  'installed',
  'linked',
  'hosted',
  'there',
  'live',
  'lives',
  'me',
  'do',
  'does',
  'that',
  'exist',
  'currently',
  'please',
  'pls',
]);

/** Polite openers skipped before the verb. */
const OPENERS: ReadonlySet<string> = new Set([
  'please',
  'pls',
  'hey',
  'hi',
  'hello',
  'can',
  'could',
  'would',
  'you',
  'kindly',
  'bot',
  'ok',
  'okay',
]);

const CONNECTORS: ReadonlySet<string> = new Set(['on', 'at', 'for', 'in', 'from']);
const HOST_CONNECTORS: ReadonlySet<string> = new Set(['on', 'at', 'for']);

/** Words dropped before an account name in "show account svc_sql01", "show details for svc_sql01". */
const ACCOUNT_PREFIXES: ReadonlySet<string> = new Set([
  'account',
  'msa',
  'smsa',
  'gmsa',
  'service',
  'details',
  'detail',
  'info',
  'for',
  'of',
  'about',
  'me',
  'the',
]);

interface Token {
  /** lower-cased, edge punctuation and apostrophes removed: for keyword matching only */
  word: string;
  start: number;
  end: number;
}

type WordClass = Noun | 'filler' | 'connector' | 'other';

function tokenize(text: string, meter: ScanMeter): Token[] {
  return splitWords(text, meter).map(({ start, end }) => ({
    word: keywordForm(text.slice(start, end), meter),
    start,
    end,
  }));
}

function classify(token: Token): WordClass {
  if (CONNECTORS.has(token.word)) return 'connector';
  if (FILLERS.has(token.word)) return 'filler';
  return matchKeyword(token.word, NOUNS) ?? 'other';
}

const QUOTE_PAIRS: Readonly<Record<string, string>> = {
  "'": "'",
  '"': '"',
  '`': '`',
  '\u2018': '\u2019',
  '\u201C': '\u201D',
};

function unquote(arg: string): string {
  const trimmed = arg.trim();
  const close = QUOTE_PAIRS[trimmed.charAt(0)];
  if (close !== undefined && trimmed.length >= 2 && trimmed.endsWith(close))
    return trimmed.slice(1, -1).trim();
  return trimmed;
}

class Sentence {
  readonly tokens: Token[];
  constructor(
    readonly text: string,
    meter: ScanMeter,
  ) {
    this.tokens = tokenize(text, meter);
  }

  classes(from: number, to = this.tokens.length): WordClass[] {
    return this.tokens.slice(from, to).map(classify);
  }

  /** The text from token `from` (to token `to`, exclusive) exactly as typed, quotes removed. */
  arg(from: number, to = this.tokens.length): string {
    const first = this.tokens[from];
    const last = this.tokens[to - 1];
    if (first === undefined || last === undefined || to <= from) return '';
    return unquote(this.text.slice(first.start, last.end));
  }

  /** Index of the first connector (of `allowed`) after a prefix of noun/filler words, or -1. */
  connectorAfterNouns(from: number, allowed: ReadonlySet<string>, nouns: readonly WordClass[]): number {
    for (let i = from; i < this.tokens.length; i++) {
      const token = this.tokens[i];
      if (token === undefined) break;
      const cls = classify(token);
      if (cls === 'connector') return allowed.has(token.word) && i + 1 < this.tokens.length ? i : -1;
      if (cls !== 'filler' && !nouns.includes(cls)) return -1;
    }
    return -1;
  }
}

const ACCOUNT_NOUNS: readonly WordClass[] = ['smsa', 'gmsa', 'msa'];

function isNounPhrase(classes: readonly WordClass[], allowed: readonly WordClass[] = ACCOUNT_NOUNS): boolean {
  return classes.every((c) => c === 'filler' || allowed.includes(c));
}

function kindsOf(classes: readonly WordClass[]): ServiceAccountKind[] {
  const smsa = classes.includes('smsa');
  const gmsa = classes.includes('gmsa');
  if (smsa && !gmsa) return ['sMSA'];
  if (gmsa && !smsa) return ['gMSA'];
  return ['sMSA', 'gMSA'];
}

function list(classes: readonly WordClass[]): Command {
  return { kind: 'list', accountKinds: kindsOf(classes), offset: 0 };
}

/** Host after "on"/"at"/"for", skipping a "host"/"server" word: "on server SRV01" → `SRV01`. */
function hostAfter(s: Sentence, connector: number): string {
  let from = connector + 1;
  while (from + 1 < s.tokens.length && s.classes(from, from + 1)[0] === 'host') from++;
  return s.arg(from);
}

function parseFind(s: Sentence, verbWord: string, at: number): Command | null {
  const connector = s.connectorAfterNouns(at, HOST_CONNECTORS, [...ACCOUNT_NOUNS, 'host']);
  if (connector >= 0) return { kind: 'find-host', host: hostAfter(s, connector) };
  const classes = s.classes(at);
  if (classes.length > 0 && isNounPhrase(classes) && classes.some((c) => c !== 'filler'))
    return list(classes);
  if (matchKeyword(verbWord, HOST_FIRST_VERBS) && classes.length > 0) {
    let from = at;
    while (from + 1 < s.tokens.length && isNounPhrase(s.classes(from, from + 1), [...ACCOUNT_NOUNS, 'host']))
      from++;
    return { kind: 'find-host', host: s.arg(from) };
  }
  return null;
}

function parseList(s: Sentence, at: number): Command | null {
  const connector = s.connectorAfterNouns(at, HOST_CONNECTORS, ACCOUNT_NOUNS);
  if (connector >= 0) return { kind: 'find-host', host: hostAfter(s, connector) };
  const classes = s.classes(at);
  return isNounPhrase(classes) ? list(classes) : null;
}

function parseShow(s: Sentence, at: number): Command | null {
  const classes = s.classes(at);
  if (classes.length === 0) return null;
  if (isNounPhrase(classes) && classes.some((c) => c !== 'filler' || s.tokens[at]?.word === 'all')) {
    return list(classes);
  }
  const connector = s.connectorAfterNouns(at, HOST_CONNECTORS, ACCOUNT_NOUNS);
  if (connector > at && classes.slice(0, connector - at).some((c) => c !== 'filler')) {
    return { kind: 'find-host', host: hostAfter(s, connector) };
  }
  let from = at;
  while (from + 1 < s.tokens.length && ACCOUNT_PREFIXES.has(s.tokens[from]?.word ?? '')) from++;
  const account = s.arg(from);
  return account === '' ? null : { kind: 'show', account };
}

function parseAudit(s: Sentence, at: number): Command | null {
  const classes = s.classes(at);
  if (classes.length === 0) return { kind: 'audit-all' };
  if (isNounPhrase(classes, [...ACCOUNT_NOUNS, 'privileged'])) {
    return classes.includes('privileged') ? { kind: 'audit-privileged' } : { kind: 'audit-all' };
  }
  const connector = s.connectorAfterNouns(at, HOST_CONNECTORS, [...ACCOUNT_NOUNS, 'host']);
  if (connector >= 0) return { kind: 'audit-host', host: hostAfter(s, connector) };
  let from = at;
  while (from + 1 < s.tokens.length && s.classes(from, from + 1)[0] === 'host') from++;
  return { kind: 'audit-host', host: s.arg(from) };
}

function parseMigration(s: Sentence, at: number): Command | null {
  let from = at;
  while (
    from < s.tokens.length &&
    isNounPhrase(s.classes(from, from + 1), [...ACCOUNT_NOUNS, 'candidates'])
  ) {
    from++;
  }
  if (from >= s.tokens.length) return { kind: 'migration-candidates', host: null };
  const cls = s.classes(from, from + 1)[0];
  if (cls === 'connector' && HOST_CONNECTORS.has(s.tokens[from]?.word ?? '')) {
    const host = hostAfter(s, from);
    return host === '' ? null : { kind: 'migration-candidates', host };
  }
  return { kind: 'migration-candidates', host: s.arg(from) };
}

function parseTest(s: Sentence, at: number): Command | null {
  for (let i = at + 1; i + 1 < s.tokens.length; i++) {
    if (HOST_CONNECTORS.has(s.tokens[i]?.word ?? '')) {
      const account = s.arg(at, i);
      const host = hostAfter(s, i);
      return account === '' || host === '' ? null : { kind: 'test-account', account, host };
    }
  }
  if (s.tokens.length - at === 2)
    return { kind: 'test-account', account: s.arg(at, at + 1), host: s.arg(at + 1) };
  return null;
}

const APPROVAL_NOUNS: ReadonlySet<string> = new Set(['approvals', 'approval', 'requests', 'request']);
/** Verbs that may open an approval command: "show pending approvals", "list my requests". */
const APPROVAL_OPENERS: ReadonlySet<string> = new Set(['show', 'list', 'get', 'display']);

/**
 * `pending approvals`, `my requests`, `show request <id>` (words matched exactly: an id is not
 * a typo to forgive). One look at the first few words; null when it is none of them.
 */
function parseApprovalCommand(s: Sentence, start: number): Command | null {
  let at = start;
  const first = s.tokens[at]?.word ?? '';
  const second = s.tokens[at + 1]?.word ?? '';
  const rest = s.tokens.length - at;
  // "show request <id>" (an id is one word)
  if (APPROVAL_OPENERS.has(first) && (second === 'request' || second === 'approval') && rest === 3) {
    const approvalId = s.arg(at + 2);
    return approvalId === '' ? null : { kind: 'show-request', approvalId };
  }
  if (APPROVAL_OPENERS.has(first)) at++;
  const noun = s.tokens[at + 1]?.word ?? '';
  if (s.tokens.length - at !== 2 || !APPROVAL_NOUNS.has(noun)) return null;
  const word = s.tokens[at]?.word;
  if (word === 'pending' || word === 'open') return { kind: 'pending-approvals' };
  if (word === 'my' && (noun === 'requests' || noun === 'request')) return { kind: 'my-requests' };
  return null;
}

function parseSentence(s: Sentence): Command | null {
  let at = 0;
  while (at < s.tokens.length - 1 && OPENERS.has(s.tokens[at]?.word ?? '')) at++;
  const approvalCommand = parseApprovalCommand(s, at);
  if (approvalCommand !== null) return approvalCommand;
  const verbToken = s.tokens[at];
  if (verbToken === undefined) return { kind: 'help' };
  const verb = matchKeyword(verbToken.word, VERBS);
  // no verb but a noun first: "sMSAs on SRV01", "gMSAs?"
  if (verb === undefined) return ACCOUNT_NOUNS.includes(classify(verbToken)) ? parseFind(s, '', at) : null;
  at++;
  // "show / list / find migration candidates …" reads as the migration command
  const next = s.tokens[at];
  if (
    (verb === 'show' || verb === 'list' || verb === 'find') &&
    next !== undefined &&
    matchKeyword(next.word, VERBS) === 'migration'
  ) {
    return parseMigration(s, at + 1);
  }
  switch (verb) {
    case 'help':
      return { kind: 'help' };
    case 'whoami':
      return { kind: 'whoami' };
    case 'find':
      return parseFind(s, verbToken.word, at);
    case 'list':
      return parseList(s, at);
    case 'show':
      return parseShow(s, at);
    case 'audit':
      return parseAudit(s, at);
    case 'migration':
      return parseMigration(s, at);
    case 'test':
      return parseTest(s, at);
  }
}

/** `meter` counts the characters the text scanners examine (tests bound it by input size). */
export function parseCommand(text: string, meter: ScanMeter = newMeter()): Command {
  const cleaned = normalizeText(text, meter);
  if (cleaned === '' || isOnlyQuestionMarks(cleaned, meter)) return { kind: 'help' };
  // the digest commands have their own small grammar (a schedule after "subscribe digest")
  const digest = parseDigestCommand(cleaned);
  if (digest !== null) return digest;
  // a question mark ends a question, it is not part of a host or account name
  // nor is a closing "please": host and account names have no spaces
  const sentence = trimClosingPlease(trimTrailingMarks(cleaned, meter), meter);
  // "who am I", "whoami": spaces are already collapsed, so joining the words is enough
  if (sentence.split(' ').join('').toLowerCase() === 'whoami') return { kind: 'whoami' };
  const auditTrail = parseAuditTrail(sentence);
  if (auditTrail !== null) return auditTrail;
  const approvalsChannel = parseApprovalsChannel(sentence);
  if (approvalsChannel !== null) return approvalsChannel;
  return parseSentence(new Sentence(sentence, meter)) ?? { kind: 'unknown', text: cleaned };
}
