import { FIX_TARGETS_DN, requiredEnv } from './fix-targets';

/** The audit trail's key shared by every bot process of one test (replicas share one trail). */
export const TEST_AUDIT_HMAC_KEY = 'exactly-once-test-key-0123456789abcdefghij';

export type ProcessStore = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

/**
 * The environment of a bot process (as `npm start` reads it) against the test DC: fixes enabled
 * under the fixer account, accounts looked up in the fix-targets container, everyone a reader
 * (ACCESS_OPEN) and `approverIds` approvers (the role checks are the in-process tests' subject), a crash settled at
 * once on restart (APPROVAL_SETTLE_AFTER=0s, one bot at a time) unless `settleAfter` says otherwise.
 */
export function botProcessEnv(options: {
  store: ProcessStore;
  anchorPath: string;
  /** MSA_WARDEN_TEST_PAUSE, e.g. `after-apply:600000` */
  pause?: string;
  settleAfter?: string;
  /** Entra object ids of the approvers (open mode makes everyone a reader only) */
  approverIds: readonly string[];
}): Record<string, string | undefined> {
  const { store } = options;
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    LDAP_URL: requiredEnv('LDAP_URL'),
    LDAP_BIND_DN: requiredEnv('LDAP_BIND_DN'),
    LDAP_BIND_PASSWORD: requiredEnv('LDAP_BIND_PASSWORD'),
    LDAP_CA_CERT: requiredEnv('LDAP_CA_CERT'),
    LDAP_BASE_DN: FIX_TARGETS_DN,
    LDAP_TIMEOUT_MS: '20000',
    LDAP_FIX_BIND_DN: requiredEnv('LDAP_FIX_BIND_DN'),
    LDAP_FIX_BIND_PASSWORD: requiredEnv('LDAP_FIX_BIND_PASSWORD'),
    ACCESS_OPEN: 'true',
    ACCESS_APPROVER_IDS: options.approverIds.join(','),
    STORE: store.kind,
    ...(store.kind === 'sqlite' ? { SQLITE_PATH: store.path } : { DATABASE_URL: store.url }),
    AUDIT_HMAC_KEY: TEST_AUDIT_HMAC_KEY,
    AUDIT_ANCHOR_PATH: options.anchorPath,
    APPROVAL_SETTLE_AFTER: options.settleAfter ?? '0s',
    LOG_LEVEL: 'info',
    ...(options.pause === undefined ? {} : { MSA_WARDEN_TEST_PAUSE: options.pause }),
  };
}
