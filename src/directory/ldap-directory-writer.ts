import { Attribute, Change } from 'ldapts';
import type { Client } from 'ldapts';
import type { DirectoryError } from '../domain/directory-error';
import type {
  AccountWriteState,
  DirectoryChange,
  DirectoryWriter,
  SwappedNumber,
  ValueList,
} from '../domain/directory-writer';
import { LdapConnection } from './ldap-connection';
import type { LdapConnectionOptions } from './ldap-connection';
import { LdapEntry } from './ldap-entry';
import { isConnectionFailure, mapLdapError } from './map-ldap-error';

/**
 * The fixer account's connection (LDAP_FIX_BIND_DN, never the read account): tried in order until one
 * URL answers; reads and writes then stay on that server.
 */
export type LdapDirectoryWriterOptions = LdapConnectionOptions;

const NUMBER_ATTRIBUTES: Readonly<Record<SwappedNumber, string>> = {
  'account-control': 'userAccountControl',
  'encryption-types': 'msDS-SupportedEncryptionTypes',
};

const LIST_ATTRIBUTES: Readonly<Record<ValueList, string>> = {
  member: 'member',
  'delegation-targets': 'msDS-AllowedToDelegateTo',
  'resource-delegation': 'msDS-AllowedToActOnBehalfOfOtherIdentity',
};

const RBCD = 'msDS-AllowedToActOnBehalfOfOtherIdentity';
const READ_ATTRIBUTES = [
  'userAccountControl',
  'msDS-SupportedEncryptionTypes',
  'msDS-AllowedToDelegateTo',
  RBCD,
  'memberOf',
];

/**
 * The DirectoryWriter over LDAP. One connection, bound as the fixer account; it reads the account
 * just before and after each write on the same domain controller, so a read after a write sees it.
 * A write is never retried: after a dropped connection the caller reads again to learn whether it
 * happened.
 */
export class LdapDirectoryWriter implements DirectoryWriter {
  private readonly ldap: LdapConnection;

  constructor(options: LdapDirectoryWriterOptions) {
    if (options.urls.length === 0) throw new RangeError('LdapDirectoryWriter needs at least one URL');
    this.ldap = new LdapConnection(options);
  }

  async readAccount(dn: string): Promise<AccountWriteState | null> {
    const client = await this.ldap.connection();
    try {
      const { searchEntries } = await client.search(dn, {
        scope: 'base',
        filter: '(objectClass=*)',
        attributes: READ_ATTRIBUTES,
        explicitBufferAttributes: [RBCD],
      });
      const raw = searchEntries[0];
      if (raw === undefined) return null;
      const entry = new LdapEntry(raw);
      const rbcd = entry.buffer(RBCD);
      return {
        distinguishedName: entry.dn,
        accountControlFlags: entry.integer('userAccountControl') ?? 0,
        supportedEncryptionTypes: entry.integer('msDS-SupportedEncryptionTypes'),
        delegationTargets: entry.strings('msDS-AllowedToDelegateTo'),
        resourceDelegationDescriptor: rbcd === null || rbcd.length === 0 ? null : rbcd.toString('base64'),
        memberOfDns: entry.strings('memberOf'),
      };
    } catch (err) {
      const error = this.failed(client, err, `read ${dn}`);
      if (error.reason === 'no-such-object') return null;
      throw error;
    }
  }

  async write(change: DirectoryChange): Promise<void> {
    const client = await this.ldap.connection();
    try {
      await client.modify(change.dn, toChanges(change));
    } catch (err) {
      throw this.failed(client, err, `modify ${change.dn}`);
    }
  }

  close(): Promise<void> {
    return this.ldap.close();
  }

  private failed(client: Client, err: unknown, what: string): DirectoryError {
    const error = mapLdapError(err, what);
    if (isConnectionFailure(error.reason)) this.ldap.drop(client);
    return error;
  }
}

/** The LDAP modify for one change; exported for unit tests of the exact operations sent. */
export function toChanges(change: DirectoryChange): Change[] {
  if (change.kind === 'swap-number') {
    const type = NUMBER_ATTRIBUTES[change.attribute];
    const changes: Change[] = [];
    // delete-old + add-new in one modify: the directory refuses it (16) when `from` moved on.
    if (change.from !== null) {
      changes.push(
        new Change({
          operation: 'delete',
          modification: new Attribute({ type, values: [String(change.from)] }),
        }),
      );
    }
    if (change.to !== null) {
      changes.push(
        new Change({ operation: 'add', modification: new Attribute({ type, values: [String(change.to)] }) }),
      );
    }
    return changes;
  }
  const type = LIST_ATTRIBUTES[change.attribute];
  const values =
    change.attribute === 'resource-delegation'
      ? change.values.map((value) => Buffer.from(value, 'base64'))
      : change.values;
  return [
    new Change({
      operation: change.kind === 'remove-values' ? 'delete' : 'add',
      modification: new Attribute({ type, values }),
    }),
  ];
}
