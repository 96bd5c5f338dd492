import { openStore } from '../../src/store/open-store';
import type { StoreConfig, Stores } from '../../src/store/open-store';
import { storePorts } from '../../src/store/store-ports';
import type { StorePorts } from '../../src/store/store-ports';

/** An opened store's ports as one object that also closes it, as the approval and digest tests use it. */
export type TestStore = StorePorts & { close(): Promise<void> };
/** @deprecated name kept for the approval tests */
export type ApprovalTestStore = TestStore;

export function combinedStore(stores: Stores): TestStore {
  return { ...storePorts(stores), close: () => stores.close() };
}

export async function openTestStore(config: StoreConfig): Promise<TestStore> {
  return combinedStore(await openStore(config));
}
