// Prints one closing line CI can read ("jest: N passed, N failed, N skipped") and fails the run
// when any test was skipped or left as todo: a skipped test is a failing test here.
//
// It also owns the run's output folder (test-output.cjs): created here, before any worker starts,
// so both projects' tests can report figures and capture output; printed and scanned at the end.
// The run's own secrets are made here too, random and distinctive, so the scan means something:
// AUDIT_HMAC_KEY (bots started from process.env use it) and MSA_WARDEN_TEST_SECRET_APP /
// MSA_WARDEN_TEST_SECRET_BIND for tests that configure an app secret or a bind password themselves.
// The DC's passwords come from globalSetup (dc.env), which runs in this process.
const { randomBytes } = require('node:crypto');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');
const { OUTPUT_ENV, readFigures, scanForSecrets } = require('./test-output.cjs');

/** Environment variables whose values must never show up in captured output. */
const SECRET_VARIABLES = [
  'LDAP_BIND_PASSWORD',
  'LDAP_FIX_BIND_PASSWORD',
  'LDAP_FIX_NORIGHTS_BIND_PASSWORD',
  'LDAP_ADMIN_BIND_PASSWORD',
  'AUDIT_HMAC_KEY',
  'MicrosoftAppPassword',
  'MSA_WARDEN_TEST_SECRET_APP',
  'MSA_WARDEN_TEST_SECRET_BIND',
];

const distinctive = (label) => `${label}-${randomBytes(18).toString('hex')}`;

class SummaryReporter {
  constructor() {
    this.dir = mkdtempSync(path.join(tmpdir(), 'msa-warden-test-output-'));
    process.env[OUTPUT_ENV] = this.dir;
    process.env.AUDIT_HMAC_KEY ??= distinctive('test-audit-hmac');
    process.env.MSA_WARDEN_TEST_SECRET_APP ??= distinctive('test-app-secret');
    process.env.MSA_WARDEN_TEST_SECRET_BIND ??= distinctive('test-bind-password');
  }

  onRunComplete(_contexts, results) {
    for (const figure of readFigures(this.dir)) console.log(`figure: ${figure}`);
    const secrets = Object.fromEntries(SECRET_VARIABLES.map((name) => [name, process.env[name]]));
    const scan = scanForSecrets(this.dir, secrets);
    const bySource = new Map();
    for (const hit of scan.hits) {
      const key = `${hit.secret} in ${hit.source}`;
      bySource.set(key, (bySource.get(key) ?? 0) + 1);
    }
    for (const [where, count] of bySource) console.log(`secret found: ${where} (${count}×)`);
    console.log(
      `secrets found: ${scan.hits.length} (${scan.secrets.length} secrets in ${scan.lines.toLocaleString('en-US')} ` +
        `captured lines, ${scan.bytes.toLocaleString('en-US')} bytes, ${scan.files} files)`,
    );
    rmSync(this.dir, { recursive: true, force: true });

    const skipped = results.numPendingTests + results.numTodoTests;
    console.log(
      `jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped`,
    );
    if (skipped > 0) {
      console.log('jest: skipped or todo tests count as failures');
      process.exitCode = 1;
    }
    if (scan.hits.length > 0) {
      console.log('jest: a secret of the test run showed up in captured output');
      process.exitCode = 1;
    }
  }
}
module.exports = SummaryReporter;
