/**
 * Writes the bench domain's stages over LDAPS as the DC's Administrator, on several connections:
 * Samba's LDAP server has prefork workers, so a second connection can use the second core while the
 * first waits on a write. Each stage finishes before the next starts (later stages link to earlier);
 * inside a stage, a change waits for the add of its parent or of its own object when that add is in
 * the same stage (with two connections, a child could otherwise reach Samba before its parent).
 */
import { Attribute, Change as LdapChange, Client, Control, NoSuchObjectError } from 'ldapts';
import { splitDn } from '../../src/directory/dn';
import { sidToString } from '../../src/directory/sid';
import type { Change, EntryValue, Stage } from './bench-domain';

export interface AdminConnection {
  url: string;
  bindDn: string;
  bindPassword: string;
  caPem: string;
}

export async function connectAdmin(admin: AdminConnection): Promise<Client> {
  const client = new Client({ url: admin.url, timeout: 600_000, tlsOptions: { ca: [admin.caPem] } });
  await client.bind(admin.bindDn, admin.bindPassword);
  return client;
}

function attribute(type: string, values: EntryValue[]): Attribute {
  const buffers = values.every((v) => Buffer.isBuffer(v));
  return new Attribute({
    type,
    values: buffers ? values : values.map((v) => (Buffer.isBuffer(v) ? v.toString() : v)),
  });
}

export async function applyChange(client: Client, change: Change): Promise<void> {
  if (change.kind === 'add') {
    await client.add(
      change.dn,
      Object.entries(change.attributes).map(([type, values]) => attribute(type, values)),
    );
    return;
  }
  await client.modify(
    change.dn,
    new LdapChange({ operation: 'add', modification: attribute(change.attribute, change.values) }),
  );
}

export interface StageTiming {
  stage: string;
  changes: number;
  ms: number;
}

const parentDn = (dn: string): string => splitDn(dn).slice(1).join(',');

/** Applies the stages in order, each over `connections` connections; reports each stage's time. */
export async function loadStages(
  admin: AdminConnection,
  stages: readonly Stage[],
  connections: number,
  onStage: (timing: StageTiming) => void = () => undefined,
): Promise<StageTiming[]> {
  const clients = await Promise.all(Array.from({ length: connections }, () => connectAdmin(admin)));
  const timings: StageTiming[] = [];
  try {
    for (const stage of stages) {
      const start = performance.now();
      let next = 0;
      const adds = new Map<string, Promise<void>>();
      await Promise.all(
        clients.map(async (client) => {
          while (next < stage.changes.length) {
            const change = stage.changes[next++]!;
            const dn = change.dn.toLowerCase();
            const before = adds.get(change.kind === 'add' ? parentDn(dn) : dn);
            const applied = (async () => {
              if (before !== undefined) await before;
              await applyChange(client, change);
            })();
            if (change.kind === 'add')
              adds.set(
                dn,
                applied.catch(() => undefined),
              );
            try {
              await applied;
            } catch (err) {
              throw new Error(
                `${stage.name}: ${change.dn}: ${err instanceof Error ? err.message : String(err)}`,
                { cause: err },
              );
            }
          }
        }),
      );
      const timing = { stage: stage.name, changes: stage.changes.length, ms: performance.now() - start };
      timings.push(timing);
      onStage(timing);
    }
  } finally {
    await Promise.all(clients.map((c) => c.unbind().catch(() => undefined)));
  }
  return timings;
}

/** LDIF for the stages (for `ldapmodify -f` / `ldbadd`); binary values base64, as LDIF wants. */
export function toLdif(changes: readonly Change[]): string {
  const lines: string[] = [];
  const value = (type: string, v: EntryValue): string =>
    Buffer.isBuffer(v) || /^[\s:<]|[^\x20-\x7e]/.test(v)
      ? `${type}:: ${(Buffer.isBuffer(v) ? v : Buffer.from(v)).toString('base64')}`
      : `${type}: ${v}`;
  for (const change of changes) {
    lines.push(`dn: ${change.dn}`);
    if (change.kind === 'add') {
      lines.push('changetype: add');
      for (const [type, values] of Object.entries(change.attributes))
        for (const v of values) lines.push(value(type, v));
    } else {
      lines.push('changetype: modify', `add: ${change.attribute}`);
      for (const v of change.values) lines.push(value(change.attribute, v));
      lines.push('-');
    }
    lines.push('');
  }
  return lines.join('\n');
}

/** objectSid of each of these groups (by lower-case DN), read under `baseDn`. */
export async function readGroupSids(
  admin: AdminConnection,
  baseDn: string,
  dns: readonly string[],
): Promise<Map<string, string>> {
  const client = await connectAdmin(admin);
  try {
    const { searchEntries } = await client.search(baseDn, {
      scope: 'sub',
      filter: '(objectClass=group)',
      attributes: ['objectSid'],
      explicitBufferAttributes: ['objectSid'],
      paged: { pageSize: 500 },
    });
    const sids = new Map<string, string>();
    for (const e of searchEntries)
      if (Buffer.isBuffer(e.objectSid)) sids.set(e.dn.toLowerCase(), sidToString(e.objectSid));
    for (const dn of dns) if (!sids.has(dn.toLowerCase())) throw new Error(`no objectSid read for ${dn}`);
    return sids;
  } finally {
    await client.unbind();
  }
}

/** Deletes an object and everything below it (the tree-delete control); nothing when it is absent. */
export async function deleteTree(admin: AdminConnection, dn: string): Promise<void> {
  const client = await connectAdmin(admin);
  try {
    await client.del(dn, new Control('1.2.840.113556.1.4.805', { critical: true }));
  } catch (err) {
    if (!(err instanceof NoSuchObjectError)) throw err;
  } finally {
    await client.unbind();
  }
}
