import type { Entry } from 'ldapts';
import { DirectoryError } from '../../src/domain/directory-error';
import { LdapEntry } from '../../src/directory/ldap-entry';
import { readAllValues } from '../../src/directory/ranged-attribute';
import type { ReadEntry } from '../../src/directory/ranged-attribute';

const GROUP = 'CN=Big Group,OU=Groups,DC=corp,DC=example,DC=test';
const member = (i: number): string => `CN=user${i},OU=Bulk Users,DC=corp,DC=example,DC=test`;
const members = (from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, k) => member(from + k));

/** A directory that answers from a script of AD-shaped responses, recording what was asked. */
function scripted(responses: Record<string, Omit<Entry, 'dn'> | null>): {
  read: ReadEntry;
  asked: string[][];
} {
  const asked: string[][] = [];
  const read: ReadEntry = (dn, attributes) => {
    asked.push(attributes);
    const response = responses[attributes.join(',')];
    if (response === undefined) throw new Error(`unexpected request for ${attributes.join(',')}`);
    return Promise.resolve(response === null ? null : new LdapEntry({ dn, ...response }));
  };
  return { read, asked };
}

describe('readAllValues (ranged retrieval)', () => {
  it('returns the plain attribute when the server sends every value (Samba)', async () => {
    const { read, asked } = scripted({ member: { member: members(1, 1600) } });
    expect(await readAllValues(read, GROUP, 'member')).toEqual(members(1, 1600));
    expect(asked).toEqual([['member']]);
  });

  it('normalises a single value and an absent attribute', async () => {
    expect(await readAllValues(scripted({ member: { member: member(1) } }).read, GROUP, 'member')).toEqual([
      member(1),
    ]);
    expect(await readAllValues(scripted({ member: { member: [] } }).read, GROUP, 'member')).toEqual([]);
  });

  it('follows AD ranges until a range ends in *', async () => {
    const { read, asked } = scripted({
      // Windows AD: the plain attribute comes back empty, the first 1,500 values under a ranged name
      member: { member: [], 'member;range=0-1499': members(0, 1499) },
      'member;range=1500-*': { 'member;range=1500-2999': members(1500, 2999) },
      'member;range=3000-*': { 'member;range=3000-*': members(3000, 3199) },
    });
    const values = await readAllValues(read, GROUP, 'member');
    expect(values).toHaveLength(3200);
    expect(values).toEqual(members(0, 3199));
    expect(asked).toEqual([['member'], ['member;range=1500-*'], ['member;range=3000-*']]);
  });

  it('goes on from an entry a search already returned, without reading its first range again', async () => {
    const { read, asked } = scripted({
      'member;range=1500-*': { 'member;range=1500-*': members(1500, 1600) },
    });
    const first = new LdapEntry({ dn: GROUP, member: [], 'member;range=0-1499': members(0, 1499) });
    expect(await readAllValues(read, GROUP, 'member', first)).toEqual(members(0, 1600));
    expect(asked).toEqual([['member;range=1500-*']]);
  });

  it('matches the ranged name case-insensitively', async () => {
    const { read } = scripted({
      member: { 'Member;Range=0-1': [member(0), member(1)] },
      'member;range=2-*': { 'MEMBER;RANGE=2-*': member(2) },
    });
    expect(await readAllValues(read, GROUP, 'member')).toEqual(members(0, 2));
  });

  it('gives null when the object does not exist', async () => {
    expect(await readAllValues(scripted({ member: null }).read, GROUP, 'member')).toBeNull();
  });

  it('stops with an error instead of looping when the server repeats a range', async () => {
    const { read } = scripted({
      member: { 'member;range=0-1499': members(0, 1499) },
      'member;range=1500-*': { 'member;range=0-1499': members(0, 1499) },
    });
    await expect(readAllValues(read, GROUP, 'member')).rejects.toMatchObject({ reason: 'unknown' });
  });

  it('reports a group deleted between pages as no-such-object', async () => {
    const { read } = scripted({
      member: { 'member;range=0-1499': members(0, 1499) },
      'member;range=1500-*': null,
    });
    const error = await readAllValues(read, GROUP, 'member').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(DirectoryError);
    expect((error as DirectoryError).reason).toBe('no-such-object');
  });
});
