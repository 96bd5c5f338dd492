import { BerWriter, Control } from 'ldapts';

/** LDAP_SERVER_SD_FLAGS_OID ([MS-ADTS] §3.1.1.3.4.1.11). */
export const SD_FLAGS_OID = '1.2.840.113556.1.4.801';

/** SECURITY_INFORMATION bits: which parts of nTSecurityDescriptor to return. */
export const SecurityInformation = {
  owner: 0x1,
  group: 0x2,
  dacl: 0x4,
  sacl: 0x8,
} as const;

/** Owner, group and DACL: everything but the SACL, which needs SeSecurityPrivilege. */
export const OWNER_GROUP_DACL =
  SecurityInformation.owner | SecurityInformation.group | SecurityInformation.dacl;

/** The control value: BER `SEQUENCE { INTEGER flags }` (7 → 30 03 02 01 07). */
export function encodeSdFlagsValue(flags: number): Buffer {
  if (!Number.isInteger(flags) || flags < 0 || flags > 0xf) {
    throw new RangeError(`SD flags must be an integer 0-15, got ${flags}`);
  }
  const writer = new BerWriter();
  writer.startSequence();
  writer.writeInt(flags);
  writer.endSequence();
  return writer.buffer;
}

/**
 * LDAP_SERVER_SD_FLAGS control. Without it AD asks for the SACL too and, for a caller without
 * SeSecurityPrivilege (the bot), leaves nTSecurityDescriptor out of the entry altogether. Critical:
 * a server that ignored it would silently return no descriptor, and the ACL checks would see nothing.
 */
export class SdFlagsControl extends Control {
  readonly flags: number;

  constructor(flags: number = OWNER_GROUP_DACL) {
    super(SD_FLAGS_OID, { critical: true });
    encodeSdFlagsValue(flags); // validate now, not when the request is written
    this.flags = flags;
  }

  protected override writeControl(writer: BerWriter): void {
    writer.writeBuffer(encodeSdFlagsValue(this.flags), 0x04);
  }
}
