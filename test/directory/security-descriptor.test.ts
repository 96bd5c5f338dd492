import {
  AceCache,
  accessRightNames,
  aceFlagNames,
  allowedTrusteeSids,
  parseSecurityDescriptor,
  SecurityDescriptorError,
  toAclEntries,
  trusteeSids,
  type Ace,
  type KnownAce,
} from '../../src/directory/security-descriptor';
import {
  buildSecurityDescriptor,
  guidToBytes,
  type SecurityDescriptorSpec,
} from '../support/security-descriptor-writer';
import type { AclEntry, ResolvedPrincipal } from '../../src/domain/audit-facts';

/** Bytes from a hex string written with spaces and line breaks for reading. */
function hex(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
}

/** Every trustee a user named after its SID: what toAclEntries' resolver would give. */
const resolve = (sid: string): ResolvedPrincipal => ({
  sid,
  name: `name-of-${sid}`,
  kind: 'user',
  distinguishedName: null,
  groupSids: [],
});

function errorOf(fn: () => unknown): SecurityDescriptorError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SecurityDescriptorError) return error;
    throw error;
  }
  throw new Error('expected a SecurityDescriptorError');
}

// S-1-5-21-1-2-3-512 ([MS-DTYP] §2.4.2.2: revision, count, authority big-endian, sub-authorities LE)
const DA_SID = '01 05 000000000005 15000000 01000000 02000000 03000000 00020000';
const DA = 'S-1-5-21-1-2-3-512';
const RESET_PASSWORD = '00299570-246d-11d0-a768-00aa006e0529';
const KEY_CREDENTIAL_LINK = '5b47d60f-6090-40b2-9f37-2a4de88f3063';
const MSA_CLASS = 'ce206244-5827-4a86-ba1c-1c0c386c1b64';

describe('parseSecurityDescriptor on bytes written from the spec', () => {
  it('reads O:DAG:DAD:(A;;GA;;;DA) laid out DACL first, following the offsets', () => {
    const bytes = hex(`
      01 00 0480 40000000 5c000000 00000000 14000000
      02 00 2c00 0100 0000
        00 00 2400 00000010 ${DA_SID}
      ${DA_SID}
      ${DA_SID}`);
    expect(bytes.length).toBe(120);
    const sd = parseSecurityDescriptor(bytes);
    expect(sd).toEqual({
      revision: 1,
      control: 0x8004,
      owner: DA,
      group: DA,
      sacl: null,
      dacl: {
        revision: 2,
        aces: [
          {
            type: 'access-allowed',
            typeCode: 0,
            flags: 0,
            mask: 0x10000000,
            sid: DA,
            objectType: null,
            inheritedObjectType: null,
          },
        ],
      },
    });
    expect(accessRightNames(0x10000000)).toEqual(['GenericAll']);
    // the builder lays the parts out differently but describes the same descriptor
    const built = buildSecurityDescriptor({
      owner: DA,
      group: DA,
      dacl: [{ type: 'access-allowed', sid: DA, mask: 0x10000000 }],
    });
    expect(parseSecurityDescriptor(built)).toEqual(sd);
  });

  it('reads an RBCD value O:BAD:(A;;<full control>;;;S-1-5-21-1-2-3-1105) and the builder writes the same bytes', () => {
    const bytes = hex(`
      01 00 0480 14000000 00000000 00000000 24000000
      01 02 000000000005 20000000 20020000
      02 00 2c00 0100 0000
        00 00 2400 ff010f00 01 05 000000000005 15000000 01000000 02000000 03000000 51040000`);
    const sd = parseSecurityDescriptor(bytes);
    expect(sd.owner).toBe('S-1-5-32-544');
    expect(sd.group).toBeNull();
    const [ace] = sd.dacl?.aces ?? [];
    expect(ace).toMatchObject({ type: 'access-allowed', mask: 0xf01ff, sid: 'S-1-5-21-1-2-3-1105' });
    expect(accessRightNames(0xf01ff)).toEqual(['FullControl']);
    expect(allowedTrusteeSids(sd)).toEqual(['S-1-5-21-1-2-3-1105']);
    const built = buildSecurityDescriptor({
      owner: 'S-1-5-32-544',
      dacl: [{ type: 'access-allowed', sid: 'S-1-5-21-1-2-3-1105', mask: 0xf01ff }],
    });
    expect(Buffer.from(built).toString('hex')).toBe(Buffer.from(bytes).toString('hex'));
  });

  it('reads an inherited object ACE granting Everyone the Reset Password extended right', () => {
    const bytes = hex(`
      01 00 0480 00000000 00000000 00000000 14000000
      04 00 3000 0100 0000
        05 10 2800 00010000 01000000 70952900 6d24 d011 a768 00aa006e0529 01 01 000000000001 00000000`);
    const sd = parseSecurityDescriptor(bytes);
    expect(sd.owner).toBeNull();
    expect(sd.dacl?.revision).toBe(4);
    expect(sd.dacl?.aces).toEqual([
      {
        type: 'access-allowed-object',
        typeCode: 5,
        flags: 0x10,
        mask: 0x100,
        sid: 'S-1-1-0',
        objectType: RESET_PASSWORD,
        inheritedObjectType: null,
      },
    ]);
    expect(aceFlagNames(0x10)).toEqual(['inherited']);
    expect(Buffer.from(guidToBytes(RESET_PASSWORD)).toString('hex')).toBe('709529006d24d011a76800aa006e0529');
  });

  it('keeps an ACE type it does not know as raw bytes and goes on with the next ACE', () => {
    const bytes = hex(`
      01 00 0480 00000000 00000000 00000000 14000000
      02 00 2c00 0200 0000
        12 00 0c00 deadbeef 01020304
        01 00 1800 20000000 01 02 000000000005 20000000 21020000`);
    const aces = parseSecurityDescriptor(bytes).dacl?.aces ?? [];
    expect(aces[0]).toEqual({ type: 'unknown', typeCode: 0x12, flags: 0, data: hex('deadbeef01020304') });
    expect(aces[1]).toMatchObject({ type: 'access-denied', mask: 0x20, sid: 'S-1-5-32-545' });
  });
});

describe('parseSecurityDescriptor round trips', () => {
  const spec: SecurityDescriptorSpec = {
    owner: 'S-1-5-21-1-2-3-512',
    group: 'S-1-5-21-1-2-3-513',
    control: 0x1400, // DACL protected + auto-inherited
    dacl: [
      { type: 'access-denied', sid: 'S-1-5-21-1-2-3-1107', mask: 0x40000 },
      { type: 'access-allowed', sid: 'S-1-5-18', mask: 0xf01ff },
      {
        type: 'access-allowed-object',
        sid: 'S-1-5-21-1-2-3-526',
        mask: 0x30,
        flags: 0x12, // container inherit, inherited
        objectType: KEY_CREDENTIAL_LINK,
        inheritedObjectType: MSA_CLASS,
      },
      {
        type: 'access-allowed-object',
        sid: 'S-1-5-11',
        mask: 0x10,
        inheritedObjectType: MSA_CLASS,
        flags: 0x0a,
      },
      { type: 'access-denied-object', sid: 'S-1-1-0', mask: 0x100, objectType: RESET_PASSWORD },
      { type: 'access-allowed-object', sid: 'S-1-5-10', mask: 0x8 },
    ],
    sacl: [{ type: 'system-audit', sid: 'S-1-1-0', mask: 0x20, flags: 0xc0 }],
  };
  const sd = parseSecurityDescriptor(buildSecurityDescriptor(spec));

  it('reads owner, group and control', () => {
    expect(sd.owner).toBe('S-1-5-21-1-2-3-512');
    expect(sd.group).toBe('S-1-5-21-1-2-3-513');
    expect(sd.control).toBe(0x8000 | 0x1400 | 0x0004 | 0x0010);
  });

  it('reads allow and deny ACEs in order', () => {
    const aces = sd.dacl?.aces as KnownAce[];
    expect(aces.map((a) => `${a.type} ${a.sid}`)).toEqual([
      'access-denied S-1-5-21-1-2-3-1107',
      'access-allowed S-1-5-18',
      'access-allowed-object S-1-5-21-1-2-3-526',
      'access-allowed-object S-1-5-11',
      'access-denied-object S-1-1-0',
      'access-allowed-object S-1-5-10',
    ]);
    expect(sd.dacl?.revision).toBe(4);
  });

  it('reads object types as present per flags: both, inherited only, object only, none', () => {
    const aces = sd.dacl?.aces as KnownAce[];
    expect([aces[2], aces[3], aces[4], aces[5]].map((a) => [a?.objectType, a?.inheritedObjectType])).toEqual([
      [KEY_CREDENTIAL_LINK, MSA_CLASS],
      [null, MSA_CLASS],
      [RESET_PASSWORD, null],
      [null, null],
    ]);
  });

  it('keeps ACE flags: inherited, container inherit, inherit only', () => {
    const aces = sd.dacl?.aces as KnownAce[];
    expect(aceFlagNames(aces[2]!.flags)).toEqual(['containerInherit', 'inherited']);
    expect(aceFlagNames(aces[3]!.flags)).toEqual(['containerInherit', 'inheritOnly']);
  });

  it('reads the SACL when present', () => {
    expect(sd.sacl?.aces).toEqual([
      {
        type: 'system-audit',
        typeCode: 2,
        flags: 0xc0,
        mask: 0x20,
        sid: 'S-1-1-0',
        objectType: null,
        inheritedObjectType: null,
      },
    ]);
  });

  it('reads a descriptor inside a larger buffer (Buffer pool offsets)', () => {
    const bytes = buildSecurityDescriptor(spec);
    const padded = new Uint8Array(bytes.length + 13);
    padded.set(bytes, 7);
    expect(parseSecurityDescriptor(padded.subarray(7, 7 + bytes.length))).toEqual(sd);
  });
});

describe('DACL presence', () => {
  it('tells an empty DACL (nobody) from an absent or NULL DACL (everybody)', () => {
    const empty = parseSecurityDescriptor(buildSecurityDescriptor({ owner: DA, dacl: [] }));
    expect(empty.dacl).toEqual({ revision: 2, aces: [] });
    expect(allowedTrusteeSids(empty)).toEqual([]);

    const absent = parseSecurityDescriptor(buildSecurityDescriptor({ owner: DA }));
    expect(absent.control & 0x4).toBe(0);
    expect(absent.dacl).toBeNull();

    const nullDacl = parseSecurityDescriptor(buildSecurityDescriptor({ owner: DA, dacl: null }));
    expect(nullDacl.control & 0x4).toBe(0x4);
    expect(nullDacl.dacl).toBeNull();
    expect(allowedTrusteeSids(nullDacl)).toEqual(['S-1-1-0']);
  });

  it('ignores a DACL offset when SE_DACL_PRESENT is clear', () => {
    const bytes = buildSecurityDescriptor({ dacl: [{ type: 'access-allowed', sid: 'S-1-1-0', mask: 1 }] });
    bytes[2] = 0x00; // control low byte: DACL_PRESENT cleared, SELF_RELATIVE kept
    expect(parseSecurityDescriptor(bytes).dacl).toBeNull();
  });
});

describe('allowedTrusteeSids, trusteeSids and toAclEntries', () => {
  const sd = parseSecurityDescriptor(
    buildSecurityDescriptor({
      owner: 'S-1-5-32-544',
      dacl: [
        { type: 'access-denied', sid: 'S-1-5-21-1-2-3-1106', mask: 0xf01ff },
        { type: 'access-allowed', sid: 'S-1-5-21-1-2-3-1105', mask: 0xf01ff },
        { type: 'access-allowed', sid: 'S-1-5-21-1-2-3-1106', mask: 0xf01ff },
        { type: 'access-allowed', sid: 'S-1-5-21-1-2-3-1107', mask: 0xf01ff, flags: 0x0a },
        { type: 'access-allowed', sid: 'S-1-5-21-1-2-3-1105', mask: 0x10 },
        { type: 'system-alarm', sid: 'S-1-5-21-1-2-3-1108', mask: 0x10 },
      ],
    }),
  );

  it('lets in allowed SIDs once, leaving out denied and inherit-only ones', () => {
    expect(allowedTrusteeSids(sd)).toEqual(['S-1-5-21-1-2-3-1105']);
  });

  it('lists every SID to resolve', () => {
    expect(trusteeSids(sd)).toEqual([
      'S-1-5-32-544',
      'S-1-5-21-1-2-3-1106',
      'S-1-5-21-1-2-3-1105',
      'S-1-5-21-1-2-3-1107',
      'S-1-5-21-1-2-3-1108',
    ]);
  });

  it('maps allow and deny ACEs to audit facts and a NULL DACL to Everyone: full control', () => {
    const entries = toAclEntries(sd, resolve);
    expect(entries.map((e) => [e.allow, e.trustee.name, e.inheritOnly])).toEqual([
      [false, 'name-of-S-1-5-21-1-2-3-1106', false],
      [true, 'name-of-S-1-5-21-1-2-3-1105', false],
      [true, 'name-of-S-1-5-21-1-2-3-1106', false],
      [true, 'name-of-S-1-5-21-1-2-3-1107', true],
      [true, 'name-of-S-1-5-21-1-2-3-1105', false],
    ]);
    const nullDacl = parseSecurityDescriptor(buildSecurityDescriptor({ dacl: null }));
    expect(toAclEntries(nullDacl, resolve)).toEqual([
      {
        allow: true,
        mask: 0xf01ff,
        objectType: null,
        inherited: false,
        inheritOnly: false,
        trustee: resolve('S-1-1-0'),
      },
    ]);
    expect(trusteeSids(nullDacl)).toEqual(['S-1-1-0']);
  });
});

describe('ACEs shared through an AceCache (one audit run)', () => {
  const USER = 'S-1-5-21-1-2-3-1105';
  const inheritedRead = { type: 'access-allowed' as const, sid: 'S-1-5-11', mask: 0x20094, flags: 0x10 };
  const resetPassword = {
    type: 'access-allowed-object' as const,
    sid: USER,
    mask: 0x100,
    objectType: RESET_PASSWORD,
    inheritedObjectType: MSA_CLASS,
  };
  const first = buildSecurityDescriptor({ owner: DA, dacl: [inheritedRead, resetPassword] });
  const second = buildSecurityDescriptor({
    owner: USER,
    dacl: [{ type: 'access-allowed', sid: DA, mask: 0xf01ff }, resetPassword, inheritedRead],
  });

  it('gives equal ACE bytes in different descriptors one frozen ACE, and parses them as without it', () => {
    const cache = new AceCache();
    const a = parseSecurityDescriptor(first, cache).dacl?.aces ?? [];
    const b = parseSecurityDescriptor(second, cache).dacl?.aces ?? [];
    expect(b[1]).toBe(a[1]);
    expect(b[2]).toBe(a[0]);
    expect(b[0]).not.toBe(a[0]);
    expect(Object.isFrozen(a[0])).toBe(true);
    expect(cache.size).toBe(3);
    expect(parseSecurityDescriptor(first, cache)).toEqual(parseSecurityDescriptor(first));
    expect(parseSecurityDescriptor(second, cache)).toEqual(parseSecurityDescriptor(second));
  });

  it('tells ACEs apart by every byte: flags, mask, SID and GUIDs', () => {
    const cache = new AceCache();
    const variants = [
      resetPassword,
      { ...resetPassword, flags: 0x10 },
      { ...resetPassword, mask: 0x20 },
      { ...resetPassword, sid: 'S-1-5-21-1-2-3-1106' },
      { ...resetPassword, objectType: KEY_CREDENTIAL_LINK },
      { ...resetPassword, inheritedObjectType: null },
    ];
    const aces = parseSecurityDescriptor(buildSecurityDescriptor({ dacl: variants }), cache).dacl?.aces ?? [];
    expect(new Set(aces).size).toBe(variants.length);
    expect(cache.size).toBe(variants.length);
  });

  it('still rejects a truncated ACE whose first bytes match a cached one', () => {
    const cache = new AceCache();
    parseSecurityDescriptor(first, cache);
    for (let length = 20; length < first.length; length++)
      expect(() => parseSecurityDescriptor(first.subarray(0, length), cache)).toThrow(
        SecurityDescriptorError,
      );
  });

  it('gives accounts with the same ACE one frozen ACL entry when the run shares its entries', () => {
    const cache = new AceCache();
    const entries = new Map<Ace, AclEntry>();
    const a = toAclEntries(parseSecurityDescriptor(first, cache), resolve, entries);
    const b = toAclEntries(parseSecurityDescriptor(second, cache), resolve, entries);
    expect(b[1]).toBe(a[1]);
    expect(b[2]).toBe(a[0]);
    expect(Object.isFrozen(b[0])).toBe(true);
    expect(b).toEqual(toAclEntries(parseSecurityDescriptor(second), resolve));
    expect(entries.size).toBe(3);
  });
});

describe('access masks', () => {
  it('names rights, full control and unknown bits', () => {
    expect(accessRightNames(0x40020)).toEqual(['WriteProperty', 'WriteDacl']);
    expect(accessRightNames(0x80000000)).toEqual(['GenericRead']);
    expect(accessRightNames(0x40000000 | 0x100)).toEqual(['ControlAccess', 'GenericWrite']);
    expect(accessRightNames(0xf01ff | 0x1000000)).toEqual(['FullControl', 'AccessSystemSecurity']);
    expect(accessRightNames(0x4000000)).toEqual(['0x4000000']);
    expect(accessRightNames(0)).toEqual([]);
  });
});

describe('malformed descriptors', () => {
  const good = buildSecurityDescriptor({
    owner: DA,
    group: DA,
    dacl: [
      { type: 'access-allowed', sid: DA, mask: 0xf01ff },
      { type: 'access-allowed-object', sid: 'S-1-1-0', mask: 0x100, objectType: RESET_PASSWORD },
    ],
  });

  it('throws a SecurityDescriptorError (a RangeError) for every truncation', () => {
    for (let length = 0; length < good.length; length++) {
      const error = errorOf(() => parseSecurityDescriptor(good.subarray(0, length)));
      expect(error).toBeInstanceOf(RangeError);
      expect(error.reason).toBe('truncated');
    }
    expect(() => parseSecurityDescriptor(good)).not.toThrow();
  });

  const corrupt = (edit: (bytes: Uint8Array, view: DataView) => void): Uint8Array => {
    const bytes = new Uint8Array(good);
    edit(bytes, new DataView(bytes.buffer));
    return bytes;
  };
  // layout from the builder: header 20, owner 20..48, group 48..76, DACL at 76
  const dacl = 76;

  it.each([
    ['bad-revision', (b: Uint8Array) => (b[0] = 2)],
    ['not-self-relative', (b: Uint8Array) => (b[3] = 0x00)],
    ['bad-offset', (_: Uint8Array, v: DataView) => v.setUint32(4, 8, true)],
    ['truncated', (_: Uint8Array, v: DataView) => v.setUint32(4, 0xfffffff0, true)],
    ['bad-sid', (b: Uint8Array) => (b[21] = 16)],
    ['bad-sid', (b: Uint8Array) => (b[20] = 2)],
    ['bad-acl', (b: Uint8Array) => (b[dacl] = 3)],
    ['bad-acl', (_: Uint8Array, v: DataView) => v.setUint16(dacl + 2, 4, true)],
    ['truncated', (_: Uint8Array, v: DataView) => v.setUint16(dacl + 2, 0x4000, true)],
    ['truncated', (_: Uint8Array, v: DataView) => v.setUint16(dacl + 4, 3, true)],
    ['bad-ace', (_: Uint8Array, v: DataView) => v.setUint16(dacl + 8 + 2, 2, true)],
    ['truncated', (_: Uint8Array, v: DataView) => v.setUint16(dacl + 8 + 2, 0x400, true)],
    ['truncated', (_: Uint8Array, v: DataView) => v.setUint16(dacl + 8 + 2, 20, true)],
  ] as const)('%s', (reason, edit) => {
    expect(errorOf(() => parseSecurityDescriptor(corrupt(edit))).reason).toBe(reason);
  });

  it('refuses a malformed GUID when building', () => {
    expect(() => guidToBytes('not-a-guid')).toThrow(RangeError);
  });
});
