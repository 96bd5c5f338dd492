import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { FULL_CONTROL, parseSecurityDescriptor } from '../../src/directory/security-descriptor';

/**
 * The security descriptors written into the audit fixtures are base64 in LDIF: this decodes them and
 * states, readably, which principals (by RID) each one names. The integration tests then check that
 * these RIDs are the intended objects on the seeded DC.
 */

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'directory');
const D = 'S-1-5-21-1004336348-1177238915-682003330';
const DESCRIPTOR_ATTRIBUTES = new Set([
  'ntsecuritydescriptor',
  'msds-allowedtoactonbehalfofotheridentity',
  'msds-groupmsamembership',
]);

/** dn → attribute (lower-case) → base64 value, for the descriptor attributes of the audit LDIF files. */
function descriptorValues(): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const file of readdirSync(FIXTURES)
    .filter((f) => /^50-audit-.*\.ldif$/.test(f))
    .sort()) {
    // unfold continuation lines (RFC 2849), then read record by record
    const text = readFileSync(path.join(FIXTURES, file), 'utf8').replace(/\r?\n /g, '');
    for (const record of text.split(/\n\s*\n/)) {
      const lines = record.split('\n').filter((l) => !l.startsWith('#'));
      const dn = lines.find((l) => l.startsWith('dn: '))?.slice(4);
      if (dn === undefined) continue;
      for (const line of lines) {
        const match = /^([^:]+):: (.+)$/.exec(line);
        if (match?.[1] === undefined || match[2] === undefined) continue;
        if (!DESCRIPTOR_ATTRIBUTES.has(match[1].toLowerCase())) continue;
        const values = out.get(dn) ?? new Map<string, string>();
        values.set(match[1].toLowerCase(), match[2]);
        out.set(dn, values);
      }
    }
  }
  return out;
}

/** `allow <RID or SID> <mask in hex>` per ACE; domain SIDs shortened to their RID. */
function summarise(base64: string): { owner: string | null; aces: string[] } {
  const sd = parseSecurityDescriptor(Buffer.from(base64, 'base64'));
  const short = (sid: string): string => (sid.startsWith(`${D}-`) ? sid.slice(D.length + 1) : sid);
  return {
    owner: sd.owner === null ? null : short(sd.owner),
    aces: (sd.dacl?.aces ?? []).map((ace) =>
      ace.type === 'unknown'
        ? `unknown ${ace.typeCode}`
        : `${ace.type} ${short(ace.sid)} 0x${ace.mask.toString(16)}${ace.objectType ? ` ${ace.objectType}` : ''}`,
    ),
  };
}

const SA = 'OU=Service Accounts,DC=corp,DC=example,DC=test';
const full = `0x${FULL_CONTROL.toString(16)}`;

describe('descriptors in the audit fixtures', () => {
  const values = descriptorValues();
  const value = (name: string, attribute: string): string => {
    const found = values.get(`CN=${name},${SA}`)?.get(attribute.toLowerCase());
    if (found === undefined) throw new Error(`no ${attribute} on ${name} in the fixtures`);
    return found;
  };

  it('are where the fixtures say, and nowhere else', () => {
    expect(
      [...values.entries()].map(([dn, attrs]) => `${dn.split(',')[0]}: ${[...attrs.keys()].join()}`),
    ).toEqual([
      'CN=svc_rbcd: msds-allowedtoactonbehalfofotheridentity',
      'CN=svc_acl: ntsecuritydescriptor',
      'CN=gmsa_batch: msds-groupmsamembership',
      'CN=gmsa_reports: msds-groupmsamembership',
      'CN=gmsa_web: msds-groupmsamembership',
    ]);
  });

  it('svc_rbcd: WEB01$ (RID 1105) may act on behalf of other identities', () => {
    expect(summarise(value('svc_rbcd', 'msDS-AllowedToActOnBehalfOfOtherIdentity'))).toEqual({
      owner: 'S-1-5-32-544',
      aces: [`access-allowed 1105 ${full}`],
    });
  });

  it('gMSA readers: SRV04$ + APP05$; Report Servers + SRV04$; WEB01$ + SRV01$', () => {
    expect(summarise(value('gmsa_batch', 'msDS-GroupMSAMembership')).aces).toEqual([
      `access-allowed 2723 ${full}`,
      `access-allowed 2724 ${full}`,
    ]);
    expect(summarise(value('gmsa_reports', 'msDS-GroupMSAMembership')).aces).toEqual([
      `access-allowed 2737 ${full}`,
      `access-allowed 2723 ${full}`,
    ]);
    expect(summarise(value('gmsa_web', 'msDS-GroupMSAMembership')).aces).toEqual([
      `access-allowed 1105 ${full}`,
      `access-allowed 1102 ${full}`,
    ]);
  });

  it('svc_acl: admins, read-only principals, and Lee Gu (GenericAll) and Nestor Wilke (WriteDacl)', () => {
    expect(summarise(value('svc_acl', 'nTSecurityDescriptor'))).toEqual({
      owner: null, // the DC makes Domain Admins the owner
      aces: [
        `access-allowed 512 ${full}`,
        `access-allowed S-1-5-32-548 ${full}`,
        `access-allowed S-1-5-18 ${full}`,
        'access-allowed S-1-5-11 0x20094',
        'access-allowed-object S-1-1-0 0x100 ab721a53-1e2f-11d0-9819-00aa0040529b',
        `access-allowed 2728 ${full}`,
        'access-allowed 1117 0x20094',
        'access-allowed 2725 0x10000000',
        'access-allowed 2726 0x40000',
      ],
    });
  });
});
