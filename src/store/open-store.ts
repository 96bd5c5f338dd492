import { PostgresStore } from './postgres-store';
import { SqliteStore } from './sqlite-store';
import type { Store } from './store';

export type StoreConfig =
  | { kind: 'sqlite'; path: string }
  | { kind: 'postgres'; url: string; schema?: string; maxConnections?: number };

/** Opens the configured store and applies pending migrations. Throws StoreError (`unavailable`, `invalid`). */
export async function openStore(config: StoreConfig): Promise<Store> {
  switch (config.kind) {
    case 'sqlite':
      return SqliteStore.open(config.path);
    case 'postgres':
      return PostgresStore.open(config);
  }
}
