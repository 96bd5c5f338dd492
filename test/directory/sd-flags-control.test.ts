import { BerWriter } from 'ldapts';
import {
  OWNER_GROUP_DACL,
  SD_FLAGS_OID,
  SdFlagsControl,
  SecurityInformation,
  encodeSdFlagsValue,
} from '../../src/directory/sd-flags-control';

describe('encodeSdFlagsValue', () => {
  it('encodes owner+group+DACL as SEQUENCE { INTEGER 7 }', () => {
    expect(OWNER_GROUP_DACL).toBe(7);
    expect([...encodeSdFlagsValue(OWNER_GROUP_DACL)]).toEqual([0x30, 0x03, 0x02, 0x01, 0x07]);
  });

  it('encodes the DACL alone and all four parts', () => {
    expect([...encodeSdFlagsValue(SecurityInformation.dacl)]).toEqual([0x30, 0x03, 0x02, 0x01, 0x04]);
    expect([...encodeSdFlagsValue(0xf)]).toEqual([0x30, 0x03, 0x02, 0x01, 0x0f]);
  });

  it.each([-1, 16, 1.5, Number.NaN])('refuses %p', (flags) => {
    expect(() => encodeSdFlagsValue(flags)).toThrow(RangeError);
  });
});

describe('SdFlagsControl', () => {
  it('writes a critical control whose value is the BER octet string', () => {
    const writer = new BerWriter();
    new SdFlagsControl().write(writer);
    const oid = Buffer.from(SD_FLAGS_OID, 'ascii');
    const body = Buffer.concat([
      Buffer.from([0x04, oid.length]),
      oid,
      Buffer.from([0x01, 0x01, 0xff]), // criticality TRUE
      Buffer.from([0x04, 0x05, 0x30, 0x03, 0x02, 0x01, 0x07]), // controlValue OCTET STRING
    ]);
    expect(writer.buffer).toEqual(Buffer.concat([Buffer.from([0x30, body.length]), body]));
  });

  it('has the OID AD expects and defaults to owner+group+DACL', () => {
    const control = new SdFlagsControl();
    expect(control.type).toBe('1.2.840.113556.1.4.801');
    expect(control.critical).toBe(true);
    expect(control.flags).toBe(7);
    expect(new SdFlagsControl(SecurityInformation.dacl).flags).toBe(4);
  });

  it('refuses bad flags when built, not when sent', () => {
    expect(() => new SdFlagsControl(32)).toThrow(RangeError);
  });
});
