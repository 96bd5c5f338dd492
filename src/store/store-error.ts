/** Every store failure callers may act on. Switch on `reason`; the message is for logs. */
export type StoreErrorReason =
  | 'duplicate' // create-only insert of an existing id
  | 'secret-in-audit' // audit details hold a secret-looking key or value
  | 'invalid' // an argument the store cannot keep (bad date, bad slot, bad schema name)
  | 'unavailable' // the database cannot be opened or reached, or stayed locked/busy
  | 'failed' // any other database error (see `cause`)
  | 'closed'; // used after close()

export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly reason: StoreErrorReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
