/**
 * `npm run audit-export [-- --since <seq>] [--out <file>]`: the audit trail as JSON Lines (one entry a
 * line, oldest first) on stdout or into a file, for a SIEM or an archive. Reads the store the bot is
 * configured with (STORE, SQLITE_PATH / DATABASE_URL, AUDIT_HMAC_KEY from the environment).
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { auditJsonLines } from '../src/audit-trail/audit-export';
import { resolveAuditKey } from '../src/audit-trail/audit-key-file';
import { loadConfig } from '../src/config/load-config';
import { openStore } from '../src/store/open-store';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { since: { type: 'string' }, out: { type: 'string' } },
    allowPositionals: false,
  });
  const since = values.since === undefined ? 0 : Number(values.since);
  if (!Number.isInteger(since) || since < 0) throw new Error('--since expects an entry number (0 or more)');
  const config = loadConfig(process.env);
  const auditKey = resolveAuditKey(config.auditTrail.hmacKey, config.auditTrail.anchorPath);
  const store = await openStore(
    config.store.kind === 'sqlite'
      ? { kind: 'sqlite', path: config.store.sqlitePath, auditKey }
      : { kind: 'postgres', url: config.store.databaseUrl, auditKey },
  );
  const out = values.out === undefined ? process.stdout : createWriteStream(values.out);
  let count = 0;
  try {
    for await (const line of auditJsonLines(store.auditTrail, since)) {
      if (!out.write(line)) await once(out, 'drain');
      count += 1;
    }
  } finally {
    await store.close();
  }
  if (out !== process.stdout) out.end();
  process.stderr.write(`msa-warden: exported ${count} audit entries after #${since}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `msa-warden audit-export: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
