/**
 * Writes self-relative security descriptors ([MS-DTYP] §2.4.6), the inverse of
 * src/directory/security-descriptor.ts's parser: for tests and for the fixture LDIF values (RBCD,
 * gMSA password readers). The bot itself only reads descriptors.
 */
import { AceTypeCode, SdControl, type KnownAceType } from '../../src/directory/security-descriptor';
import { sidToBytes } from '../../src/directory/sid';

const ACE_OBJECT_TYPE_PRESENT = 0x1;
const ACE_INHERITED_OBJECT_TYPE_PRESENT = 0x2;
const HEADER_SIZE = 20;
const ACL_HEADER_SIZE = 8;
const ACE_HEADER_SIZE = 4;

function isObjectAceType(type: KnownAceType): boolean {
  return type.endsWith('-object');
}

export interface AceSpec {
  type: KnownAceType;
  sid: string;
  mask: number;
  flags?: number;
  objectType?: string | null;
  inheritedObjectType?: string | null;
}

export interface SecurityDescriptorSpec {
  owner?: string | null;
  group?: string | null;
  /** extra control bits (SE_SELF_RELATIVE and the *_PRESENT bits are set from the ACLs) */
  control?: number;
  /** undefined = no DACL (SE_DACL_PRESENT clear); null = NULL DACL (present, offset 0); [] = empty DACL */
  dacl?: AceSpec[] | null;
  sacl?: AceSpec[];
}

/** Self-relative bytes for a spec; parseSecurityDescriptor(buildSecurityDescriptor(s)) gives s back. */
export function buildSecurityDescriptor(spec: SecurityDescriptorSpec): Uint8Array {
  const owner = spec.owner ? sidToBytes(spec.owner) : null;
  const group = spec.group ? sidToBytes(spec.group) : null;
  const sacl = spec.sacl ? buildAcl(spec.sacl) : null;
  const dacl = spec.dacl ? buildAcl(spec.dacl) : null;
  let control = (spec.control ?? 0) | SdControl.selfRelative;
  if (spec.sacl) control |= SdControl.saclPresent;
  if (spec.dacl !== undefined) control |= SdControl.daclPresent;

  const parts: Uint8Array[] = [];
  let offset = HEADER_SIZE;
  const place = (part: Uint8Array | null): number => {
    if (part === null) return 0;
    const at = offset;
    parts.push(part);
    offset += part.length;
    return at;
  };
  const offsetOwner = place(owner);
  const offsetGroup = place(group);
  const offsetSacl = place(sacl);
  const offsetDacl = place(dacl);

  const header = Buffer.alloc(HEADER_SIZE);
  header.writeUInt8(1, 0);
  header.writeUInt16LE(control, 2);
  header.writeUInt32LE(offsetOwner, 4);
  header.writeUInt32LE(offsetGroup, 8);
  header.writeUInt32LE(offsetSacl, 12);
  header.writeUInt32LE(offsetDacl, 16);
  return new Uint8Array(Buffer.concat([header, ...parts]));
}

function buildAcl(aces: AceSpec[]): Buffer {
  const body = aces.map(buildAce);
  const size = ACL_HEADER_SIZE + body.reduce((sum, ace) => sum + ace.length, 0);
  const header = Buffer.alloc(ACL_HEADER_SIZE);
  header.writeUInt8(aces.some((ace) => isObjectAceType(ace.type)) ? 4 : 2, 0);
  header.writeUInt16LE(size, 2);
  header.writeUInt16LE(aces.length, 4);
  return Buffer.concat([header, ...body]);
}

function buildAce(spec: AceSpec): Buffer {
  const sid = sidToBytes(spec.sid);
  const mask = Buffer.alloc(4);
  mask.writeUInt32LE(spec.mask >>> 0, 0);
  const parts: Buffer[] = [mask];
  if (isObjectAceType(spec.type)) {
    const objectFlags = Buffer.alloc(4);
    let flags = 0;
    if (spec.objectType) {
      flags |= ACE_OBJECT_TYPE_PRESENT;
      parts.push(guidToBytes(spec.objectType));
    }
    if (spec.inheritedObjectType) {
      flags |= ACE_INHERITED_OBJECT_TYPE_PRESENT;
      parts.push(guidToBytes(spec.inheritedObjectType));
    }
    objectFlags.writeUInt32LE(flags, 0);
    parts.splice(1, 0, objectFlags);
  }
  parts.push(sid);
  const bodyLength = parts.reduce((sum, part) => sum + part.length, 0);
  const header = Buffer.alloc(ACE_HEADER_SIZE);
  header.writeUInt8(AceTypeCode[spec.type], 0);
  header.writeUInt8(spec.flags ?? 0, 1);
  header.writeUInt16LE(ACE_HEADER_SIZE + bodyLength, 2);
  return Buffer.concat([header, ...parts]);
}

/** Dashed GUID → the 16 bytes AD stores (first three groups little-endian, [MS-DTYP] §2.3.4.2). */
export function guidToBytes(guid: string): Buffer {
  const match = /^([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$/i.exec(guid);
  if (!match) throw new RangeError(`not a GUID: ${guid}`);
  const [, a = '', b = '', c = '', d = '', e = ''] = match;
  const out = Buffer.alloc(16);
  out.writeUInt32LE(Number.parseInt(a, 16), 0);
  out.writeUInt16LE(Number.parseInt(b, 16), 4);
  out.writeUInt16LE(Number.parseInt(c, 16), 6);
  Buffer.from(d + e, 'hex').copy(out, 8);
  return out;
}
