import type { AclEntry, ResolvedPrincipal } from '../domain/audit-facts';
import { WellKnownSid } from '../domain/well-known-sids';
import { guidToString } from './guid';
import { sidToString } from './sid';

/**
 * Self-relative security descriptors ([MS-DTYP] §2.4.6) as AD stores nTSecurityDescriptor,
 * msDS-AllowedToActOnBehalfOfOtherIdentity and msDS-GroupMSAMembership. Every read is bounds-checked
 * against the buffer and the enclosing ACL/ACE, so hostile or truncated bytes throw a
 * SecurityDescriptorError instead of reading past the end.
 */

export type SecurityDescriptorErrorReason =
  | 'truncated' // a structure runs past the end of the buffer or of its ACL/ACE
  | 'bad-revision' // descriptor revision is not 1
  | 'not-self-relative' // SE_SELF_RELATIVE clear: an absolute descriptor holds pointers, not offsets
  | 'bad-offset' // an offset points into the 20-byte header
  | 'bad-acl' // ACL revision not 2/4 or size below its header
  | 'bad-ace' // ACE size below its header
  | 'bad-sid'; // SID revision not 1 or more than 15 sub-authorities

export class SecurityDescriptorError extends RangeError {
  override readonly name = 'SecurityDescriptorError';
  constructor(
    readonly reason: SecurityDescriptorErrorReason,
    message: string,
  ) {
    super(message);
  }
}

/** SECURITY_DESCRIPTOR Control bits ([MS-DTYP] §2.4.6). */
export const SdControl = {
  ownerDefaulted: 0x0001,
  groupDefaulted: 0x0002,
  daclPresent: 0x0004,
  daclDefaulted: 0x0008,
  saclPresent: 0x0010,
  saclDefaulted: 0x0020,
  daclTrusted: 0x0040,
  serverSecurity: 0x0080,
  daclAutoInheritReq: 0x0100,
  saclAutoInheritReq: 0x0200,
  daclAutoInherited: 0x0400,
  saclAutoInherited: 0x0800,
  daclProtected: 0x1000,
  saclProtected: 0x2000,
  rmControlValid: 0x4000,
  selfRelative: 0x8000,
} as const;

/** ACE_HEADER AceType values ([MS-DTYP] §2.4.4.1) this parser decodes. */
export const AceTypeCode = {
  'access-allowed': 0x00,
  'access-denied': 0x01,
  'system-audit': 0x02,
  'system-alarm': 0x03,
  'access-allowed-object': 0x05,
  'access-denied-object': 0x06,
  'system-audit-object': 0x07,
  'system-alarm-object': 0x08,
  'mandatory-label': 0x11,
} as const;

export type KnownAceType = keyof typeof AceTypeCode;

/** ACE_HEADER AceFlags. */
const AceFlag = {
  objectInherit: 0x01,
  containerInherit: 0x02,
  noPropagateInherit: 0x04,
  inheritOnly: 0x08,
  inherited: 0x10,
  successfulAccess: 0x40,
  failedAccess: 0x80,
} as const;

/** ACCESS_MASK bits with their AD meaning ([MS-ADTS] §5.1.3.2, [MS-DTYP] §2.4.3). */
const AccessRight = {
  CreateChild: 0x1,
  DeleteChild: 0x2,
  ListChildren: 0x4,
  Self: 0x8,
  ReadProperty: 0x10,
  WriteProperty: 0x20,
  DeleteTree: 0x40,
  ListObject: 0x80,
  ControlAccess: 0x100,
  Delete: 0x10000,
  ReadControl: 0x20000,
  WriteDacl: 0x40000,
  WriteOwner: 0x80000,
  Synchronize: 0x100000,
  AccessSystemSecurity: 0x1000000,
  MaximumAllowed: 0x2000000,
  GenericAll: 0x10000000,
  GenericExecute: 0x20000000,
  GenericWrite: 0x40000000,
  GenericRead: 0x80000000,
} as const;

export type AccessRightName = keyof typeof AccessRight;

/** What AD stores for "Full control": GenericAll mapped to the DS-specific and standard rights. */
export const FULL_CONTROL = 0xf01ff;

/** ACCESS_*_OBJECT_ACE Flags. */
const ACE_OBJECT_TYPE_PRESENT = 0x1;
const ACE_INHERITED_OBJECT_TYPE_PRESENT = 0x2;

const HEADER_SIZE = 20;
const ACL_HEADER_SIZE = 8;
const ACE_HEADER_SIZE = 4;

export interface KnownAce {
  type: KnownAceType;
  typeCode: number;
  flags: number;
  mask: number;
  /** trustee SID, string form */
  sid: string;
  /** object ACEs: attribute / property set / extended right GUID; null = all (or not an object ACE) */
  objectType: string | null;
  /** object ACEs: the child object class that inherits the ACE; null = all (or not an object ACE) */
  inheritedObjectType: string | null;
}

/** An ACE type this parser does not decode (callback, resource attribute …), kept and skipped by size. */
export interface UnknownAce {
  type: 'unknown';
  typeCode: number;
  flags: number;
  /** the ACE body after its 4-byte header */
  data: Uint8Array;
}

export type Ace = KnownAce | UnknownAce;

export interface Acl {
  /** 2 (ACL_REVISION) or 4 (ACL_REVISION_DS, needed for object ACEs) */
  revision: number;
  aces: Ace[];
}

export interface SecurityDescriptor {
  revision: number;
  control: number;
  owner: string | null;
  group: string | null;
  /**
   * null when SE_DACL_PRESENT is clear or the DACL offset is 0 (a NULL DACL): both grant everyone
   * full access. An empty ACL (aces: []) grants nobody anything.
   */
  dacl: Acl | null;
  sacl: Acl | null;
}

/**
 * Parsed ACEs by their bytes, for one audit run. Most accounts carry the same few dozen ACEs (the
 * schema's default DACL, what their OU passes down), so thousands of descriptors then share a few
 * hundred frozen ACE objects instead of holding ~50 each: an audit of 5,500 accounts kept ~70 MB
 * of ACE objects and their SID and GUID strings alive until its facts were built.
 */
export class AceCache {
  private readonly aces = new Map<string, Ace>();

  /** the ACE already parsed from these bytes, else the one `parse` returns, frozen and kept */
  intern(key: string, parse: () => Ace): Ace {
    let ace = this.aces.get(key);
    if (ace === undefined) {
      ace = Object.freeze(parse());
      this.aces.set(key, ace);
    }
    return ace;
  }

  get size(): number {
    return this.aces.size;
  }
}

export function parseSecurityDescriptor(bytes: Uint8Array, aceCache?: AceCache): SecurityDescriptor {
  const reader = new BoundedReader(bytes, aceCache);
  reader.need(0, HEADER_SIZE, bytes.length, 'security descriptor header');
  const revision = reader.u8(0);
  if (revision !== 1) throw new SecurityDescriptorError('bad-revision', `descriptor revision ${revision}`);
  const control = reader.u16(2);
  if ((control & SdControl.selfRelative) === 0) {
    throw new SecurityDescriptorError('not-self-relative', 'SE_SELF_RELATIVE is not set');
  }
  const offsetOwner = reader.u32(4);
  const offsetGroup = reader.u32(8);
  const offsetSacl = reader.u32(12);
  const offsetDacl = reader.u32(16);
  for (const offset of [offsetOwner, offsetGroup, offsetSacl, offsetDacl]) {
    if (offset !== 0 && offset < HEADER_SIZE) {
      throw new SecurityDescriptorError('bad-offset', `offset ${offset} points into the header`);
    }
  }
  return {
    revision,
    control,
    owner: offsetOwner === 0 ? null : reader.sid(offsetOwner, bytes.length),
    group: offsetGroup === 0 ? null : reader.sid(offsetGroup, bytes.length),
    sacl: (control & SdControl.saclPresent) !== 0 && offsetSacl !== 0 ? reader.acl(offsetSacl) : null,
    dacl: (control & SdControl.daclPresent) !== 0 && offsetDacl !== 0 ? reader.acl(offsetDacl) : null,
  };
}

class BoundedReader {
  private readonly view: DataView;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly aceCache?: AceCache,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  need(offset: number, length: number, limit: number, what: string): void {
    if (offset + length > limit) {
      throw new SecurityDescriptorError(
        'truncated',
        `${what} at ${offset} needs ${length} bytes, ${limit - offset} left`,
      );
    }
  }

  u8(offset: number): number {
    return this.view.getUint8(offset);
  }

  u16(offset: number): number {
    return this.view.getUint16(offset, true);
  }

  u32(offset: number): number {
    return this.view.getUint32(offset, true);
  }

  guid(offset: number, limit: number): string {
    this.need(offset, 16, limit, 'GUID');
    return guidToString(this.bytes.subarray(offset, offset + 16));
  }

  sid(offset: number, limit: number): string {
    this.need(offset, 8, limit, 'SID header');
    const revision = this.u8(offset);
    const count = this.u8(offset + 1);
    if (revision !== 1 || count > 15) {
      throw new SecurityDescriptorError('bad-sid', `SID revision ${revision} with ${count} sub-authorities`);
    }
    this.need(offset, 8 + count * 4, limit, 'SID');
    return sidToString(this.bytes, offset);
  }

  acl(offset: number): Acl {
    this.need(offset, ACL_HEADER_SIZE, this.bytes.length, 'ACL header');
    const revision = this.u8(offset);
    const size = this.u16(offset + 2);
    const count = this.u16(offset + 4);
    if ((revision !== 2 && revision !== 4) || size < ACL_HEADER_SIZE) {
      throw new SecurityDescriptorError('bad-acl', `ACL revision ${revision}, size ${size}`);
    }
    this.need(offset, size, this.bytes.length, 'ACL');
    const end = offset + size;
    const aces: Ace[] = [];
    let position = offset + ACL_HEADER_SIZE;
    for (let i = 0; i < count; i++) {
      this.need(position, ACE_HEADER_SIZE, end, `ACE ${i} header`);
      const aceSize = this.u16(position + 2);
      if (aceSize < ACE_HEADER_SIZE) throw new SecurityDescriptorError('bad-ace', `ACE ${i} size ${aceSize}`);
      this.need(position, aceSize, end, `ACE ${i}`);
      aces.push(this.cachedAce(position, position + aceSize));
      position += aceSize;
    }
    return { revision, aces };
  }

  /** the ACE's bytes (bounds already checked) are its key: equal bytes, the same frozen ACE */
  private cachedAce(offset: number, end: number): Ace {
    if (this.aceCache === undefined) return this.ace(offset, end);
    const key = Buffer.from(this.bytes.buffer, this.bytes.byteOffset + offset, end - offset).toString(
      'latin1',
    );
    return this.aceCache.intern(key, () => this.ace(offset, end));
  }

  private ace(offset: number, end: number): Ace {
    const typeCode = this.u8(offset);
    const flags = this.u8(offset + 1);
    const type = knownAceTypes.get(typeCode);
    const body = offset + ACE_HEADER_SIZE;
    if (type === undefined) {
      return { type: 'unknown', typeCode, flags, data: this.bytes.slice(body, end) };
    }
    this.need(body, 4, end, 'access mask');
    const mask = this.u32(body);
    if (!isObjectAceType(type)) {
      return {
        type,
        typeCode,
        flags,
        mask,
        sid: this.sid(body + 4, end),
        objectType: null,
        inheritedObjectType: null,
      };
    }
    this.need(body + 4, 4, end, 'object ACE flags');
    const objectFlags = this.u32(body + 4);
    let position = body + 8;
    let objectType: string | null = null;
    let inheritedObjectType: string | null = null;
    if ((objectFlags & ACE_OBJECT_TYPE_PRESENT) !== 0) {
      objectType = this.guid(position, end);
      position += 16;
    }
    if ((objectFlags & ACE_INHERITED_OBJECT_TYPE_PRESENT) !== 0) {
      inheritedObjectType = this.guid(position, end);
      position += 16;
    }
    return { type, typeCode, flags, mask, sid: this.sid(position, end), objectType, inheritedObjectType };
  }
}

const knownAceTypes = new Map<number, KnownAceType>(
  Object.entries(AceTypeCode).map(([name, code]) => [code, name as KnownAceType]),
);

function isObjectAceType(type: KnownAceType): boolean {
  return type.endsWith('-object');
}

function isAllowAce(ace: Ace): ace is KnownAce {
  return ace.type === 'access-allowed' || ace.type === 'access-allowed-object';
}

function isDenyAce(ace: Ace): ace is KnownAce {
  return ace.type === 'access-denied' || ace.type === 'access-denied-object';
}

/** Rights in a mask, by name; "FullControl" stands for 0xF01FF; unknown bits come out as hex. */
export function accessRightNames(mask: number): string[] {
  const names: string[] = [];
  let rest = mask >>> 0;
  if ((rest & FULL_CONTROL) === FULL_CONTROL) {
    names.push('FullControl');
    rest = (rest & ~FULL_CONTROL) >>> 0;
  }
  for (const [name, bit] of Object.entries(AccessRight)) {
    if ((rest & bit) >>> 0 === bit) {
      names.push(name);
      rest = (rest & ~bit) >>> 0;
    }
  }
  if (rest !== 0) names.push(`0x${rest.toString(16)}`);
  return names;
}

export function aceFlagNames(flags: number): string[] {
  return Object.entries(AceFlag)
    .filter(([, bit]) => (flags & bit) !== 0)
    .map(([name]) => name);
}

/** Every SID a descriptor names (owner, group, DACL trustees), once each: what the directory must resolve. */
export function trusteeSids(sd: SecurityDescriptor): string[] {
  const sids = new Set<string>();
  if (sd.owner !== null) sids.add(sd.owner);
  if (sd.group !== null) sids.add(sd.group);
  for (const ace of sd.dacl?.aces ?? []) if (ace.type !== 'unknown') sids.add(ace.sid);
  if (sd.dacl === null) sids.add(WellKnownSid.everyone);
  return [...sids];
}

/**
 * Trustees the DACL lets in, for descriptors whose DACL is a list of principals rather than rights on
 * an object: msDS-AllowedToActOnBehalfOfOtherIdentity (who may delegate to the account) and
 * msDS-GroupMSAMembership (who may read a gMSA's password). A SID with an applicable deny ACE of
 * its own is left out; denies on groups a principal belongs to need group expansion and are not
 * judged here. A NULL DACL lets everyone in.
 */
export function allowedTrusteeSids(sd: SecurityDescriptor): string[] {
  if (sd.dacl === null) return [WellKnownSid.everyone];
  const applicable = sd.dacl.aces.filter(
    (ace): ace is KnownAce => ace.type !== 'unknown' && (ace.flags & AceFlag.inheritOnly) === 0,
  );
  const denied = new Set(
    applicable.filter((ace) => isDenyAce(ace) && ace.objectType === null).map((ace) => ace.sid),
  );
  const allowed = new Set<string>();
  for (const ace of applicable) if (isAllowAce(ace) && !denied.has(ace.sid)) allowed.add(ace.sid);
  return [...allowed];
}

/**
 * The DACL as audit facts: access-allowed/denied ACEs (plain and object) with trustees resolved by
 * `resolve` (usually a map filled from trusteeSids()). A NULL DACL becomes one "Everyone: full
 * control" entry, which is what it means.
 */
export function toAclEntries(
  sd: SecurityDescriptor,
  resolve: (sid: string) => ResolvedPrincipal,
  /**
   * One run's entries by ACE: with ACEs shared through an AceCache and `resolve` answering the same
   * for a SID all run long, accounts with the same ACE then share one frozen entry
   */
  entries: Map<Ace, AclEntry> = new Map(),
): AclEntry[] {
  if (sd.dacl === null) {
    return [
      {
        allow: true,
        mask: FULL_CONTROL,
        objectType: null,
        inherited: false,
        inheritOnly: false,
        trustee: resolve(WellKnownSid.everyone),
      },
    ];
  }
  const list: AclEntry[] = [];
  for (const ace of sd.dacl.aces) {
    if (!isAllowAce(ace) && !isDenyAce(ace)) continue;
    let entry = entries.get(ace);
    if (entry === undefined) {
      entry = Object.freeze({
        allow: isAllowAce(ace),
        mask: ace.mask,
        objectType: ace.objectType,
        inherited: (ace.flags & AceFlag.inherited) !== 0,
        inheritOnly: (ace.flags & AceFlag.inheritOnly) !== 0,
        trustee: resolve(ace.sid),
      });
      entries.set(ace, entry);
    }
    list.push(entry);
  }
  return list;
}
