import type { TypedCommand as Command } from '../../../src/commands/command';
import { parseCommand } from '../../../src/commands/parse/parse-command';
import type { ServiceAccountKind } from '../../../src/domain/service-account';

const both: ServiceAccountKind[] = ['sMSA', 'gMSA'];

const table: [string, Command][] = [
  // approvals (exact words: an id is not a typo to forgive)
  ['pending approvals', { kind: 'pending-approvals' }],
  ['show pending approvals', { kind: 'pending-approvals' }],
  ['please list pending requests?', { kind: 'pending-approvals' }],
  ['open approvals', { kind: 'pending-approvals' }],
  ['my requests', { kind: 'my-requests' }],
  ['show my requests', { kind: 'my-requests' }],
  [
    'show request 3f2a9c1e-77aa-4b1d-9e0f-1234567890ab',
    { kind: 'show-request', approvalId: '3f2a9c1e-77aa-4b1d-9e0f-1234567890ab' },
  ],
  ['show approval req-7', { kind: 'show-request', approvalId: 'req-7' }],
  // not approval commands: an account named like the words, or more words
  ['show request', { kind: 'show', account: 'request' }],
  ['show my svc_sql01', { kind: 'show', account: 'my svc_sql01' }],
  // find a host's accounts
  ['find sMSAs on SRV01', { kind: 'find-host', host: 'SRV01' }],
  ['fnd smsa on srv01', { kind: 'find-host', host: 'srv01' }],
  ['find smsas on SRV01$', { kind: 'find-host', host: 'SRV01$' }],
  ['FIND SMSAS ON SRV01', { kind: 'find-host', host: 'SRV01' }],
  [
    'which service accounts run on srv01.corp.example.test',
    { kind: 'find-host', host: 'srv01.corp.example.test' },
  ],
  [
    'which service accounts run on srv01.corp.example.test?',
    { kind: 'find-host', host: 'srv01.corp.example.test' },
  ],
  ['what runs on SRV02', { kind: 'find-host', host: 'SRV02' }],
  ['fidn sMSAs on SRV01', { kind: 'find-host', host: 'SRV01' }],
  ['find managed service acounts installed on server SRV01', { kind: 'find-host', host: 'SRV01' }],
  ['find SRV01', { kind: 'find-host', host: 'SRV01' }],
  ['fnd srv01.corp.example.test', { kind: 'find-host', host: 'srv01.corp.example.test' }],
  ['<at>msa-warden</at> find sMSAs on SRV01', { kind: 'find-host', host: 'SRV01' }],
  ['<at id="0">MSA Warden</at>&nbsp;find sMSAs on SRV01', { kind: 'find-host', host: 'SRV01' }],
  ['<p><at>msa-warden</at> find sMSAs on <b>SRV01</b></p>', { kind: 'find-host', host: 'SRV01' }],
  ['please find sMSAs on SRV01', { kind: 'find-host', host: 'SRV01' }],
  ['list sMSAs on SRV02', { kind: 'find-host', host: 'SRV02' }],
  ['find sMSAs on "SRV01"', { kind: 'find-host', host: 'SRV01' }],
  ['find sMSAs on SRV01, please', { kind: 'find-host', host: 'SRV01' }],
  ['sMSAs on SRV01?', { kind: 'find-host', host: 'SRV01' }],
  // injection-looking hosts reach the directory layer exactly as typed
  ['find sMSAs on *)(objectClass=*', { kind: 'find-host', host: '*)(objectClass=*' }],
  ['find sMSAs on srv01)(|(cn=*', { kind: 'find-host', host: 'srv01)(|(cn=*' }],
  ['find sMSAs on \\2a', { kind: 'find-host', host: '\\2a' }],
  [
    'find sMSAs on &lt;img src=x onerror=alert(1)&gt;',
    { kind: 'find-host', host: '<img src=x onerror=alert(1)>' },
  ],
  [
    "find sMSAs on SRV01'; Remove-ADServiceAccount x",
    { kind: 'find-host', host: "SRV01'; Remove-ADServiceAccount x" },
  ],
  ['find sMSAs on ${jndi:ldap://x}', { kind: 'find-host', host: '${jndi:ldap://x}' }],
  ['find sMSAs on srvé01', { kind: 'find-host', host: 'srvé01' }],
  // lists
  ['list sMSAs', { kind: 'list', accountKinds: ['sMSA'], offset: 0 }],
  ['list gmsas', { kind: 'list', accountKinds: ['gMSA'], offset: 0 }],
  ['list service accounts', { kind: 'list', accountKinds: both, offset: 0 }],
  ['lst smsas', { kind: 'list', accountKinds: ['sMSA'], offset: 0 }],
  ['list', { kind: 'list', accountKinds: both, offset: 0 }],
  ['list all group managed service accounts', { kind: 'list', accountKinds: ['gMSA'], offset: 0 }],
  ["list sMSA's", { kind: 'list', accountKinds: ['sMSA'], offset: 0 }],
  ['show all sMSAs', { kind: 'list', accountKinds: ['sMSA'], offset: 0 }],
  ['find gMSAs', { kind: 'list', accountKinds: ['gMSA'], offset: 0 }],
  ['list servce acounts', { kind: 'list', accountKinds: both, offset: 0 }],
  ['list smsas please', { kind: 'list', accountKinds: ['sMSA'], offset: 0 }],
  ['gMSAs?', { kind: 'list', accountKinds: ['gMSA'], offset: 0 }],
  // one account
  ['show svc_sql01', { kind: 'show', account: 'svc_sql01' }],
  ['show svc_sql01$', { kind: 'show', account: 'svc_sql01$' }],
  ['Show SVC_SQL01', { kind: 'show', account: 'SVC_SQL01' }],
  ['shw svc_sql01', { kind: 'show', account: 'svc_sql01' }],
  ['show account svc_web01', { kind: 'show', account: 'svc_web01' }],
  ['show details for svc_web01', { kind: 'show', account: 'svc_web01' }],
  ['describe gmsa_web', { kind: 'show', account: 'gmsa_web' }],
  ["show 'svc (legacy), ü'", { kind: 'show', account: 'svc (legacy), ü' }],
  ['show smsa1', { kind: 'show', account: 'smsa1' }],
  ['show *)(cn=*', { kind: 'show', account: '*)(cn=*' }],
  // help
  ['help', { kind: 'help' }],
  ['?', { kind: 'help' }],
  ['HELP', { kind: 'help' }],
  ['hepl', { kind: 'help' }],
  ['<at>msa-warden</at>', { kind: 'help' }],
  ['', { kind: 'help' }],
  ['   ', { kind: 'help' }],
  // audit engine commands (answered by issue 3)
  ['audit privileged sMSAs', { kind: 'audit-privileged' }],
  ['audit privilaged smsas', { kind: 'audit-privileged' }],
  ['audit sMSAs', { kind: 'audit-all' }],
  ['audit', { kind: 'audit-all' }],
  ['audit all service accounts', { kind: 'audit-all' }],
  ['audit SRV01', { kind: 'audit-host', host: 'SRV01' }],
  ['audti sMSAs on SRV01', { kind: 'audit-host', host: 'SRV01' }],
  ['audit host srv01.corp.example.test', { kind: 'audit-host', host: 'srv01.corp.example.test' }],
  ['migration candidates', { kind: 'migration-candidates', host: null }],
  ['migration candidates on SRV01', { kind: 'migration-candidates', host: 'SRV01' }],
  ['show migration candidates for SRV02', { kind: 'migration-candidates', host: 'SRV02' }],
  ['migraton candidtes', { kind: 'migration-candidates', host: null }],
  ['test svc_sql01 on SRV01', { kind: 'test-account', account: 'svc_sql01', host: 'SRV01' }],
  [
    'tst svc_sql01$ on srv01.corp.example.test',
    { kind: 'test-account', account: 'svc_sql01$', host: 'srv01.corp.example.test' },
  ],
  ['test svc_sql01 SRV01', { kind: 'test-account', account: 'svc_sql01', host: 'SRV01' }],
  // not understood
  ['hello there', { kind: 'unknown', text: 'hello there' }],
  // a real word one letter from a verb is not a typo of it
  ['how many smsas on srv01', { kind: 'unknown', text: 'how many smsas on srv01' }],
  ['delete svc_sql01', { kind: 'unknown', text: 'delete svc_sql01' }],
  ['<at>msa-warden</at> make me a sandwich', { kind: 'unknown', text: 'make me a sandwich' }],
  ['show', { kind: 'unknown', text: 'show' }],
  ['test svc_sql01', { kind: 'unknown', text: 'test svc_sql01' }],
  ['which accounts are privileged', { kind: 'unknown', text: 'which accounts are privileged' }],
  ['list sMSAs in OU=Servers,DC=corp', { kind: 'unknown', text: 'list sMSAs in OU=Servers,DC=corp' }],
];

describe('parseCommand', () => {
  it('has a table of at least 30 phrasings', () => {
    expect(table.length).toBeGreaterThanOrEqual(30);
  });

  it.each(table)('%j', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  it('never throws, whatever arrives', () => {
    for (const text of [
      '&#0;',
      '&#x110000;',
      '<at>',
      '<<<>>>',
      '\u0000',
      'find on',
      'test on x',
      '"',
      "''",
    ]) {
      expect(() => parseCommand(text)).not.toThrow();
    }
  });
});

describe('parseCommand and the digest commands', () => {
  it.each([
    [
      'subscribe digest weekly on monday at 07:30 Europe/Berlin',
      { kind: 'subscribe-digest', schedule: 'weekly on monday at 07:30 Europe/Berlin' },
    ],
    ['<at>msa-warden</at> digest now', { kind: 'digest-now' }],
    ['digest status', { kind: 'digest-status' }],
    ['unsubscribe from digest', { kind: 'unsubscribe-digest' }],
  ])('"%s" is a digest command the access guard and the router both see', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });
});
