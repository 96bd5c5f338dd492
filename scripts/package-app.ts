/**
 * `npm run package`: writes manifest/build/msa-warden.zip, the app package to upload to Teams.
 * Needs MicrosoftAppId and BOT_DOMAIN (from the environment or .env); TEAMS_APP_ID and
 * TEAMS_APP_VERSION are optional. Exits 1 with every problem listed, never a stack trace.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { AppPackageError, PACKAGE_FILE, SCHEMA_VERSION, createAppPackage } from './app-package';

/** Settings from ./.env when there is one; the real environment wins, as for the bot itself. */
function environment(): NodeJS.ProcessEnv {
  const dotEnv = path.resolve('.env');
  return existsSync(dotEnv) ? { ...parseEnv(readFileSync(dotEnv, 'utf8')), ...process.env } : process.env;
}

async function main(): Promise<void> {
  const { manifest, zip } = await createAppPackage(environment());
  mkdirSync(path.dirname(PACKAGE_FILE), { recursive: true });
  writeFileSync(PACKAGE_FILE, zip);
  console.log(
    [
      `wrote ${path.relative(process.cwd(), PACKAGE_FILE)} (${zip.length} bytes, manifest schema v${SCHEMA_VERSION})`,
      `  app id ${manifest.id}, bot id ${manifest.bots?.[0]?.botId ?? '?'}, version ${manifest.version}`,
      `  valid domains: ${(manifest.validDomains ?? []).join(', ')}`,
      'Upload it in Teams: Apps > Manage your apps > Upload an app (or the Teams admin center for the whole tenant).',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  if (error instanceof AppPackageError) {
    console.error(`npm run package: ${error.message}`);
    for (const detail of error.details) console.error(`  - ${detail}`);
  } else {
    console.error(`npm run package failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exitCode = 1;
});
