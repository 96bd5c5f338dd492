import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Attribute, Change, Client, Control, EqualityFilter } from 'ldapts';
import type { BerWriter, Entry } from 'ldapts';
import { groupsContainingFilter, membersOfFilter } from '../../src/directory/filters';
import { mapLdapError } from '../../src/directory/map-ldap-error';
import { sidToBytes, sidToString } from '../../src/directory/sid';
import { dcDir } from '../support/dc';

/**
 * The bot binds as msa-warden-bot, an ordinary domain user. This proves it can read every attribute
 * the product's checks read (DESIGN §1) and that it cannot write. Attributes the seeded fixtures
 * leave empty (delegation, RBCD, adminCount, gMSA readers…) are read from scratch objects an admin
 * fills in. Those live in a container of the Configuration partition: a subtree search of the domain
 * (everything the product and the other test files do) never sees them, so test files running in
 * parallel keep seeing exactly the seeded directory. Readability comes from the classes' default
 * security descriptors (Authenticated Users: read all properties), the same in both partitions.
 */

const BASE = process.env.LDAP_BASE_DN ?? 'DC=corp,DC=example,DC=test';
const SUFFIX = randomBytes(3).toString('hex');
const SCRATCH = `CN=msa-warden-read-check-${SUFFIX},CN=Configuration,${BASE}`;
const SMSA_DN = `CN=svc_rc${SUFFIX},${SCRATCH}`;
const GMSA_DN = `CN=gmsa_rc${SUFFIX},${SCRATCH}`;
const HOST_DN = `CN=RC${SUFFIX},${SCRATCH}`;
const SQL01_DN = `CN=svc_sql01,OU=Service Accounts,${BASE}`;
const ALEX_DN = `CN=Alex Wilber,OU=People,${BASE}`;
const APPROVERS_DN = `CN=MSA Warden Approvers,OU=Groups,${BASE}`;
const READERS_DN = `CN=MSA Warden Readers,OU=Groups,${BASE}`;

/** LDAP_SERVER_SD_FLAGS: owner + group + DACL, no SACL (a non-admin may not read the SACL). */
class SdFlagsControl extends Control {
  constructor() {
    super('1.2.840.113556.1.4.801', { critical: true });
  }
  protected override writeControl(writer: BerWriter): void {
    writer.writeBuffer(Buffer.from([0x30, 0x03, 0x02, 0x01, 0x07]), 0x04);
  }
}

/** A minimal self-relative descriptor: owner, and a DACL allowing `mask` to `sid` ([MS-DTYP] §2.4.6). */
function descriptorAllowing(owner: string, sid: string, mask: number): Buffer {
  const ownerBytes = sidToBytes(owner);
  const trustee = sidToBytes(sid);
  const ace = Buffer.alloc(8 + trustee.length);
  ace.writeUInt8(0x00, 0); // ACCESS_ALLOWED_ACE_TYPE
  ace.writeUInt16LE(ace.length, 2);
  ace.writeUInt32LE(mask >>> 0, 4);
  trustee.copy(ace, 8);
  const acl = Buffer.alloc(8);
  acl.writeUInt8(2, 0);
  acl.writeUInt16LE(8 + ace.length, 2);
  acl.writeUInt16LE(1, 4);
  const header = Buffer.alloc(20);
  header.writeUInt8(1, 0);
  header.writeUInt16LE(0x8004, 2); // SE_SELF_RELATIVE | SE_DACL_PRESENT
  header.writeUInt32LE(20, 4);
  header.writeUInt32LE(20 + ownerBytes.length, 16);
  return Buffer.concat([header, ownerBytes, acl, ace]);
}

function env(name: string): string {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set (jest integration project)`);
  return value;
}

async function bound(dn: string, password: string): Promise<Client> {
  const client = new Client({
    url: env('LDAP_URL').split(',')[0]!,
    timeout: 10_000,
    tlsOptions: { ca: [readFileSync(env('LDAP_CA_CERT'), 'utf8')] },
  });
  await client.bind(dn, password);
  return client;
}

async function readOne(
  client: Client,
  dn: string,
  attributes: string[],
  binary: string[] = [],
): Promise<Entry> {
  const { searchEntries } = await client.search(dn, {
    scope: 'base',
    attributes,
    explicitBufferAttributes: binary,
  });
  const [entry] = searchEntries;
  if (entry === undefined) throw new Error(`${dn} not found`);
  return entry;
}

describe('the bot account (a non-admin domain user)', () => {
  let admin: Client;
  let bot: Client;
  let domainSid: string;
  const created: string[] = [];
  const INNER_DN = `CN=rc-inner-${SUFFIX},${SCRATCH}`;
  const OUTER_DN = `CN=rc-outer-${SUFFIX},${SCRATCH}`;
  /** Domain Computers (RID 515) may act on behalf of others / read the gMSA password. */
  const descriptor = (): Buffer => descriptorAllowing('S-1-5-32-544', `${domainSid}-515`, 0xf01ff);

  beforeAll(async () => {
    admin = await bound(env('LDAP_ADMIN_BIND_DN'), env('LDAP_ADMIN_BIND_PASSWORD'));
    bot = await bound(env('LDAP_BIND_DN'), env('LDAP_BIND_PASSWORD'));
    domainSid = sidToString((await readOne(admin, BASE, ['objectSid'], ['objectSid'])).objectSid as Buffer);

    const add = async (dn: string, attributes: Attribute[]): Promise<void> => {
      await admin.add(dn, attributes);
      created.unshift(dn); // children first when deleting
    };
    const text = (type: string, ...values: string[]): Attribute => new Attribute({ type, values });
    const bytes = (type: string, value: Buffer): Attribute => new Attribute({ type, values: [value] });

    await add(SCRATCH, [text('objectClass', 'container')]);
    await add(SMSA_DN, [
      text('objectClass', 'msDS-ManagedServiceAccount'),
      text('sAMAccountName', `svc_rc${SUFFIX}$`),
      text('userAccountControl', String(0x1000 | 0x80000)),
      text('pwdLastSet', '-1'),
      text('msDS-SupportedEncryptionTypes', '4'),
      text('servicePrincipalName', `HTTP/rc${SUFFIX}.corp.example.test`),
      text('msDS-AllowedToDelegateTo', `cifs/rc${SUFFIX}.corp.example.test`),
      text('adminCount', '1'),
      text('managedBy', ALEX_DN),
      text('description', 'read-check scratch sMSA'),
      text('lastLogonTimestamp', '133500000000000000'),
      bytes('msDS-AllowedToActOnBehalfOfOtherIdentity', descriptor()),
    ]);
    await add(GMSA_DN, [
      text('objectClass', 'msDS-GroupManagedServiceAccount'),
      text('sAMAccountName', `gmsa_rc${SUFFIX}$`),
      text('userAccountControl', '4096'),
      text('msDS-ManagedPasswordInterval', '30'),
      text('dNSHostName', `gmsa-rc${SUFFIX}.corp.example.test`),
      bytes('msDS-GroupMSAMembership', descriptor()),
    ]);
    await add(HOST_DN, [
      text('objectClass', 'computer'),
      text('sAMAccountName', `RC${SUFFIX}$`),
      text('userAccountControl', '4096'),
      text('msDS-HostServiceAccount', SMSA_DN),
    ]);
    await add(INNER_DN, [
      text('objectClass', 'group'),
      text('sAMAccountName', `rc-in-${SUFFIX}`),
      text('member', SMSA_DN),
    ]);
    await add(OUTER_DN, [
      text('objectClass', 'group'),
      text('sAMAccountName', `rc-out-${SUFFIX}`),
      text('member', INNER_DN),
    ]);
  });

  afterAll(async () => {
    for (const dn of created) await admin.del(dn).catch(() => undefined);
    await admin.unbind();
    await bot.unbind();
  });

  it('reads every attribute the checks use on an sMSA', async () => {
    const binary = ['objectSid', 'objectGUID', 'msDS-AllowedToActOnBehalfOfOtherIdentity'];
    const entry = await readOne(
      bot,
      SMSA_DN,
      [
        ...binary,
        'userAccountControl',
        'pwdLastSet',
        'lastLogonTimestamp',
        'msDS-SupportedEncryptionTypes',
        'servicePrincipalName',
        'msDS-AllowedToDelegateTo',
        'adminCount',
        'managedBy',
        'description',
        'memberOf',
        'msDS-HostServiceAccountBL',
      ],
      binary,
    );
    expect(entry).toMatchObject({
      userAccountControl: String(0x1000 | 0x80000),
      lastLogonTimestamp: '133500000000000000',
      'msDS-SupportedEncryptionTypes': '4',
      servicePrincipalName: `HTTP/rc${SUFFIX}.corp.example.test`,
      'msDS-AllowedToDelegateTo': `cifs/rc${SUFFIX}.corp.example.test`,
      adminCount: '1',
      managedBy: ALEX_DN,
      description: 'read-check scratch sMSA',
      memberOf: INNER_DN,
      'msDS-HostServiceAccountBL': HOST_DN,
    });
    expect(Number(entry.pwdLastSet)).toBeGreaterThan(0);
    expect((entry.objectSid as Buffer).length).toBe(28);
    expect((entry.objectGUID as Buffer).length).toBe(16);
    expect(entry['msDS-AllowedToActOnBehalfOfOtherIdentity']).toEqual(descriptor());
  });

  it('reads the computer side of the host link', async () => {
    expect((await readOne(bot, HOST_DN, ['msDS-HostServiceAccount']))['msDS-HostServiceAccount']).toBe(
      SMSA_DN,
    );
  });

  it('reads a gMSA: password interval and who may read its password', async () => {
    const attributes = ['msDS-ManagedPasswordInterval', 'msDS-GroupMSAMembership'];
    const entry = await readOne(bot, GMSA_DN, attributes, ['msDS-GroupMSAMembership']);
    expect(entry['msDS-ManagedPasswordInterval']).toBe('30');
    expect(entry['msDS-GroupMSAMembership']).toEqual(descriptor());
  });

  it.each([SQL01_DN, SMSA_DN])(
    'reads nTSecurityDescriptor (owner, group, DACL) of %s with the SD flags control',
    async (dn) => {
      const { searchEntries } = await bot.search(
        dn,
        {
          scope: 'base',
          attributes: ['nTSecurityDescriptor'],
          explicitBufferAttributes: ['nTSecurityDescriptor'],
        },
        new SdFlagsControl(),
      );
      const sd = searchEntries[0]?.nTSecurityDescriptor as Buffer;
      expect(Buffer.isBuffer(sd)).toBe(true);
      expect(sd.readUInt8(0)).toBe(1); // revision
      const control = sd.readUInt16LE(2);
      expect(control & 0x8000).toBe(0x8000); // self-relative
      expect(control & 0x0004).toBe(0x0004); // DACL present
      expect(sd.readUInt32LE(4)).toBeGreaterThan(0); // owner offset
    },
  );

  it('reads tokenGroups (nested membership, SIDs) of a domain sMSA and of a nested one', async () => {
    const groupSids = async (dn: string): Promise<string[]> => {
      const value = (await readOne(bot, dn, ['tokenGroups'], ['tokenGroups'])).tokenGroups;
      return (Array.isArray(value) ? value : [value]).map((b) => sidToString(b as Buffer));
    };
    const sidOf = async (dn: string): Promise<string> =>
      sidToString((await readOne(bot, dn, ['objectSid'], ['objectSid'])).objectSid as Buffer);
    expect(await groupSids(SQL01_DN)).toContain(`${domainSid}-515`); // primary group: Domain Computers
    expect(await groupSids(SMSA_DN)).toEqual(
      expect.arrayContaining([await sidOf(INNER_DN), await sidOf(OUTER_DN)]),
    );
  });

  it('follows nested membership with the in-chain matching rule', async () => {
    const groups = await bot.search(BASE, { filter: groupsContainingFilter(ALEX_DN), attributes: ['cn'] });
    expect(groups.searchEntries.map((e) => e.dn).sort()).toEqual([APPROVERS_DN, READERS_DN].sort());
    const members = await bot.search(BASE, { filter: membersOfFilter(READERS_DN), attributes: ['cn'] });
    expect(members.searchEntries.map((e) => e.dn)).toEqual(expect.arrayContaining([ALEX_DN, APPROVERS_DN]));
  });

  it('finds people by userPrincipalName and reads their groups', async () => {
    const { searchEntries } = await bot.search(BASE, {
      filter: new EqualityFilter({ attribute: 'userPrincipalName', value: 'alex@corp.example.test' }),
      attributes: ['memberOf'],
    });
    expect(searchEntries.map((e) => e.dn)).toEqual([ALEX_DN]);
    expect(searchEntries[0]?.memberOf).toBe(APPROVERS_DN);
  });

  it('never sees the scratch objects from the domain (other test files stay undisturbed)', async () => {
    const { searchEntries } = await bot.search(BASE, {
      filter: new EqualityFilter({ attribute: 'sAMAccountName', value: `svc_rc${SUFFIX}$` }),
      attributes: ['cn'],
    });
    expect(searchEntries).toEqual([]);
  });

  it('cannot write (insufficient-rights): remediations need a delegated account', async () => {
    const change = new Change({
      operation: 'replace',
      modification: new Attribute({ type: 'description', values: ['written by the bot'] }),
    });
    const error = await bot.modify(SMSA_DN, change).then(
      () => null,
      (err: unknown) => mapLdapError(err),
    );
    expect(error?.reason).toBe('insufficient-rights');
    expect(error?.resultCode).toBe(50);
  });

  it('its credentials live in dc.env, readable by the owner only', () => {
    const file = path.join(dcDir(), 'dc.env');
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain(`LDAP_BIND_DN=${env('LDAP_BIND_DN')}`);
    expect(env('LDAP_BIND_DN')).not.toMatch(/Administrator/i);
  });
});
