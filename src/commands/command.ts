import type { ServiceAccountKind } from '../domain/service-account';

/** What a user asked for, parsed from free text by parse-command.ts. */
export type Command =
  | { kind: 'find-host'; host: string }
  | { kind: 'list'; accountKinds: ServiceAccountKind[]; offset: number }
  | { kind: 'show'; account: string }
  | { kind: 'help' }
  // answered by the access guard (src/access/), which knows who is asking
  | { kind: 'whoami' }
  // the audit issue adds these; parse them now so help and routing stay in one place
  | { kind: 'audit-privileged' }
  | { kind: 'audit-all' }
  | { kind: 'audit-host'; host: string }
  | { kind: 'migration-candidates'; host: string | null }
  | { kind: 'test-account'; account: string; host: string }
  | { kind: 'unknown'; text: string };
