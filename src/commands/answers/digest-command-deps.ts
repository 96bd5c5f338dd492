import type { StorePorts as Store } from '../../store/store-ports';

/** The digest scheduler as the commands see it (DigestRunner implements it). */
export interface DigestScheduler {
  /** marks the slot before `now` as taken, so a new subscription starts with the next slot */
  startSchedule(conversationId: string, cron: string, timeZone: string, now: Date): Promise<void>;
  /** posts one digest to the conversation in the background; the answer does not wait for the audit */
  postNowInBackground(conversationId: string): void;
}

/** What the digest commands need: the conversation they were typed in, the store, the scheduler. */
export interface DigestCommandDeps {
  conversationId: string;
  /** who typed it, for the audit trail */
  user: { id: string; name: string };
  store: Pick<Store, 'getConversation' | 'saveConversation' | 'appendAudit' | 'lastDigest'>;
  scheduler: DigestScheduler;
  /** DIGEST_TIMEZONE (UTC when unset) */
  defaultTimeZone: string;
  now: Date;
}
