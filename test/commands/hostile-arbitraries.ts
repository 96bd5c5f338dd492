import fc from 'fast-check';

/**
 * Generators of hostile chat input for the property tests: near misses of the real grammar, names
 * from the fixture domain, injection strings for LDAP, PowerShell, HTML and the card templates,
 * random unicode (lone surrogates included) and oversize text.
 */

/** Words of the command grammar (src/commands/parse/), including the digest and approval commands. */
export const GRAMMAR_WORDS = [
  'find', 'search', 'locate', 'lookup', 'which', 'what', 'list', 'ls', 'show', 'describe', 'details',
  'info', 'get', 'help', 'commands', 'audit', 'scan', 'migration', 'candidates', 'migrate', 'test',
  'verify', 'whoami', 'pending', 'approvals', 'my', 'requests', 'request', 'digest', 'subscribe',
  'unsubscribe', 'now', 'status', 'trail', 'sMSAs', 'gMSAs', 'service', 'accounts', 'privileged',
  'on', 'for', 'host', 'daily', 'weekdays', 'weekly', 'monday', 'at', '08:00', '25:99', 'Europe/Berlin',
  'Mars/Olympus', '50', '-1', '99999999999999999999', 'please', '?',
]; // prettier-ignore

/** Names the fixture domain knows, so near misses also hit real objects. */
export const FIXTURE_NAMES = [
  'SRV01', 'SRV01$', 'srv01.corp.example.test', 'SRV02', 'svc_sql01', 'svc_sql01$', 'svc_web01$',
  'CN=svc_sql01,CN=Managed Service Accounts,DC=corp,DC=example,DC=test',
]; // prettier-ignore

/** Strings that would do harm if pasted unescaped into an LDAP filter or DN, PowerShell, HTML or a card template. */
export const INJECTIONS = [
  '*', '*)(|(objectClass=*))', '*)(objectClass=*', ')(cn=*', 'svc_sql01)(|(cn=*', '(&)', '(|)',
  '\\00', '\0', 'svc\0sql01', '\\2a', '\\', '\\5c2a', 'svc_*', '*sql*', 'svc_sql01\\',
  'cn=x,dc=corp,dc=example,dc=test', 'CN=Domain Admins,CN=Users,DC=corp,DC=example,DC=test',
  'CN=a\\,b+c=d,DC=x', '<GUID=00000000-0000-0000-0000-000000000000>', '<SID=S-1-5-32-544>',
  "'; Remove-ADUser -Identity Administrator -Confirm:$false; '", '"; Remove-ADServiceAccount svc_sql01 #',
  '$(Remove-ADUser x)', '`r`n Remove-ADUser x', "svc_sql01' -Server evil '",
  '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<at>msa-warden</at>', '&lt;at&gt;x&lt;/at&gt;',
  '[click](https://evil.example)', '**bold**', '{{$root}}', '${$root.secret}', '${process.env}',
  '%2A%29%28', '\u202eevil', '\ufeff', '\ud800', '\udfff', 'ＳＲＶ０１', 'ﬁnd', '__proto__', 'constructor',
  'toString', 'null', 'undefined', 'NaN', '1e309', '-0', '9'.repeat(40),
]; // prettier-ignore

/** Verbs a forged card click might try, beside the real ones. */
export const CARD_VERB_WORDS = [
  '', ' ', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'approval.execute',
  'approval.approve ', 'APPROVAL.APPROVE', 'approval', 'fix', 'fix.apply', 'admin', 'show\0', 'list.more.more',
]; // prettier-ignore

/** A word with one typo: a letter dropped, doubled, swapped, replaced or its case flipped. */
export function nearMiss(word: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(word, fc.nat(), fc.constantFrom('drop', 'double', 'swap', 'replace', 'case'))
    .map(([w, n, how]) => {
      if (w.length === 0) return w;
      const i = n % w.length;
      switch (how) {
        case 'drop':
          return w.slice(0, i) + w.slice(i + 1);
        case 'double':
          return w.slice(0, i + 1) + w.slice(i);
        case 'swap':
          return i + 1 < w.length ? w.slice(0, i) + w[i + 1]! + w[i]! + w.slice(i + 2) : w;
        case 'replace':
          return `${w.slice(0, i)}x${w.slice(i + 1)}`;
        default:
          return w.toUpperCase();
      }
    });
}

const grammarWord = fc.constantFrom(...GRAMMAR_WORDS);

const token = fc.oneof(
  { weight: 5, arbitrary: grammarWord },
  { weight: 3, arbitrary: nearMiss(grammarWord) },
  { weight: 3, arbitrary: fc.constantFrom(...FIXTURE_NAMES) },
  { weight: 3, arbitrary: fc.constantFrom(...INJECTIONS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
);

const separator = fc.constantFrom(
  ' ',
  '  ',
  '\t',
  '\n',
  ', ',
  ' on ',
  '"',
  "'",
  '<at>msa-warden</at> ',
  '&nbsp;',
);

/** A sentence of grammar words, names and injections, as a user (or an attacker) would type it. */
const sentence = fc.array(fc.tuple(token, separator), { minLength: 1, maxLength: 8 }).map((parts) =>
  parts
    .map(([word, sep]) => word + sep)
    .join('')
    .trim(),
);

/** A real command with an injection where the name goes. */
const injectedCommand = fc
  .tuple(
    fc.constantFrom(
      'show ',
      'find sMSAs on ',
      'audit ',
      'test svc_sql01 on ',
      'test ',
      'migration candidates on ',
      'show request ',
      'audit trail ',
    ),
    fc.constantFrom(...INJECTIONS),
    fc.constantFrom('', ' please', '?', '!!!', ' on SRV01'),
  )
  .map(([verb, name, tail]) => verb + name + tail);

/** Long text: repeated punctuation, mentions, entities and filter syntax (the parsers must stay linear). */
const oversize = fc
  .tuple(
    fc.constantFrom('x', '.', '!?', ' ', '<at>', '&amp;', '*)(', 'é', '\ud83d\ude00', 'show '),
    fc.integer({ min: 1_000, max: 20_000 }),
  )
  .map(([unit, times]) => unit.repeat(Math.ceil(times / unit.length)));

/** Any of the above, or random text. */
export const hostileText = fc.oneof(
  { weight: 6, arbitrary: sentence },
  { weight: 3, arbitrary: injectedCommand },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 200 }) },
  { weight: 1, arbitrary: oversize },
);
