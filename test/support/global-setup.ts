import { startTestDirectory } from './dc';

/**
 * jest globalSetup of the "integration" project: starts (or reuses) the Samba AD DC and puts its
 * LDAP_* settings into process.env, which the test workers inherit. Throws when the DC cannot
 * start: integration tests never skip.
 */
export default async function globalSetup(): Promise<void> {
  const env = await startTestDirectory();
  for (const [key, value] of Object.entries(env)) process.env[key] = value;

  // >>> lead: add `await ensurePostgres()` here <<<
}
