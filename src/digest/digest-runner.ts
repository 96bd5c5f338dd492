import { Cron } from 'croner';
import type { Logger } from '../config/logger';
import type { StoredConversation } from '../store/conversation-store';
import type { StorePorts as Store } from '../store/store-ports';
import { buildDigest, digestCounts, type DigestAudit } from './build-digest';
import { digestReply } from './digest-card';
import { latestSlot } from '../domain/digest-schedule';
import { describeSchedule } from '../domain/parse-schedule';
import { SendError, type ProactiveSender } from './proactive-sender';

/** What the runner needs of the store (a subset, so the store's split into ports changes nothing here). */
export type DigestRunnerStore = Pick<
  Store,
  | 'getConversation'
  | 'saveConversation'
  | 'listActiveConversations'
  | 'markConversationInactive'
  | 'claimDigestSlot'
  | 'lastDigest'
  | 'saveFindingSnapshot'
  | 'lastFindingSnapshot'
  | 'listApprovals'
  | 'appendAudit'
>;

export interface RetryPolicy {
  /** attempts in all, the first included */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 1000, maxDelayMs: 60_000 };

/** A subscription configured for one conversation (DIGEST_CONVERSATION_ID, DIGEST_CRON, DIGEST_TIMEZONE). */
export interface DefaultSubscription {
  conversationId: string;
  cron: string;
  timeZone: string;
}

export interface DigestRunnerOptions {
  store: DigestRunnerStore;
  sender: ProactiveSender;
  /** runs the audit over the whole directory; called at most once at a time */
  readAudit: () => Promise<DigestAudit>;
  now?: () => Date;
  /** backoff waits; tests pass one that returns at once */
  sleep?: (ms: number) => Promise<void>;
  logger?: Logger;
  defaultSubscription?: DefaultSubscription | null;
  retry?: RetryPolicy;
  maxRows?: number;
}

export type PostOutcome =
  | { kind: 'posted'; slotIso: string; attempts: number }
  | { kind: 'gone'; status: number | null }
  | { kind: 'failed'; reason: string; attempts: number }
  | { kind: 'not-found' };

export interface TickReport {
  /** conversations whose slot this runner claimed, with what happened */
  outcomes: { conversationId: string; slotIso: string; outcome: PostOutcome }[];
}

const SYSTEM = { id: 'system', name: 'msa-warden' };
const scopeOf = (conversationId: string): string => `digest:${conversationId}`;

/**
 * Posts digests on their schedules. `tick(now)` posts every slot that is due at `now` and not yet
 * claimed (by this or any other replica): the latest slot of each subscription's cron at or before
 * `now`, once, so a replica that was down posts one catch-up rather than one per missed slot.
 * `start()` calls tick at once and then at every minute, on croner's timer.
 */
export class DigestRunner {
  private readonly store: DigestRunnerStore;
  private readonly sender: ProactiveSender;
  private readonly readAudit: () => Promise<DigestAudit>;
  private readonly now: () => Date;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly logger: Logger | undefined;
  private readonly defaultSubscription: DefaultSubscription | null;
  private readonly retry: RetryPolicy;
  private readonly maxRows: number | undefined;
  private audit: Promise<DigestAudit> | null = null;
  private ticking: Promise<TickReport> | null = null;
  private job: Cron | null = null;
  private readonly background = new Set<Promise<unknown>>();

  constructor(options: DigestRunnerOptions) {
    this.store = options.store;
    this.sender = options.sender;
    this.readAudit = options.readAudit;
    this.now = options.now ?? (() => new Date());
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.logger = options.logger;
    this.defaultSubscription = options.defaultSubscription ?? null;
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.maxRows = options.maxRows;
  }

  /** Real-clock mode: one tick now (the catch-up), then one at the start of every minute. */
  start(): void {
    if (this.job !== null) return;
    // protect: a tick still posting when the next minute starts is not run twice
    this.job = new Cron('* * * * *', { protect: true, unref: true }, async () => {
      await this.tickSafely();
    });
    void this.tickSafely();
  }

  /** Stops the timer and waits for the tick and posts in progress. */
  async stop(): Promise<void> {
    this.job?.stop();
    this.job = null;
    await Promise.allSettled([this.ticking, ...this.background]);
  }

  private async tickSafely(): Promise<void> {
    try {
      await this.tick();
    } catch (error) {
      this.logger?.error('digest tick failed', { error: errorText(error) });
    }
  }

  /** Posts every due, unclaimed slot at `now`. Ticks never overlap: a second call waits for the first. */
  async tick(now: Date = this.now()): Promise<TickReport> {
    while (this.ticking !== null) await this.ticking.catch(() => undefined);
    const run = this.runTick(now);
    this.ticking = run;
    try {
      return await run;
    } finally {
      this.ticking = null;
    }
  }

  private async runTick(now: Date): Promise<TickReport> {
    await this.applyDefaultSubscription(now);
    const conversations = await this.store.listActiveConversations('digest');
    const outcomes: TickReport['outcomes'] = [];
    // one audit serves every conversation due in this tick
    let tickAudit: Promise<DigestAudit> | null = null;
    const readAudit = (): Promise<DigestAudit> => (tickAudit ??= this.auditOnce());
    for (const conversation of conversations) {
      if (conversation.digestCron === null) continue;
      const timeZone = conversation.digestTimeZone ?? 'UTC';
      let slot: Date | null;
      try {
        slot = latestSlot(conversation.digestCron, timeZone, now);
      } catch (error) {
        this.logger?.warn('digest schedule is not valid', {
          conversationId: conversation.id,
          error: errorText(error),
        });
        continue;
      }
      if (slot === null) continue;
      const last = await this.store.lastDigest(conversation.id);
      if (last !== null && last.slotAt.getTime() >= slot.getTime()) continue;
      const slotIso = slot.toISOString();
      // exactly one replica wins the slot; the others move on
      if (!(await this.store.claimDigestSlot(conversation.id, slotIso, now))) continue;
      // a subscription that never had a slot (written without startSchedule) starts here, without a post
      if (last === null) continue;
      const outcome = await this.post(conversation, slotIso, now, readAudit);
      outcomes.push({ conversationId: conversation.id, slotIso, outcome });
    }
    return { outcomes };
  }

  /**
   * `digest now`: one digest to this conversation at once, outside its schedule (no slot is claimed,
   * the scheduled ones still come). Runs in the background; `onDone` hears the outcome.
   */
  postNowInBackground(conversationId: string, onDone?: (outcome: PostOutcome) => void): void {
    const run = this.postNow(conversationId)
      .then((outcome) => onDone?.(outcome))
      .catch((error: unknown) => this.logger?.error('digest now failed', { error: errorText(error) }));
    this.background.add(run);
    void run.finally(() => this.background.delete(run));
  }

  async postNow(conversationId: string, now: Date = this.now()): Promise<PostOutcome> {
    const conversation = await this.store.getConversation(conversationId);
    if (conversation === null || !conversation.active) return { kind: 'not-found' };
    return this.post(conversation, `now:${now.toISOString()}`, now, () => this.auditOnce());
  }

  /**
   * Marks the slot before `now` as taken, so a new subscription starts with the next slot rather
   * than posting at once the one it just missed.
   */
  async startSchedule(conversationId: string, cron: string, timeZone: string, now: Date): Promise<void> {
    const slot = latestSlot(cron, timeZone, now);
    if (slot !== null) await this.store.claimDigestSlot(conversationId, slot.toISOString(), now);
  }

  /** The one audit in flight, shared by every caller until it settles. */
  private auditOnce(): Promise<DigestAudit> {
    if (this.audit === null) {
      const run = this.readAudit();
      this.audit = run;
      const clear = (): void => {
        if (this.audit === run) this.audit = null;
      };
      run.then(clear, clear);
    }
    return this.audit;
  }

  private async post(
    conversation: StoredConversation,
    slotIso: string,
    now: Date,
    readAudit: () => Promise<DigestAudit>,
  ): Promise<PostOutcome> {
    const scheduled = !slotIso.startsWith('now:');
    let data;
    try {
      const [audit, previous, approvals] = await Promise.all([
        readAudit(),
        this.store.lastFindingSnapshot(scopeOf(conversation.id)),
        this.store.listApprovals({ states: ['requested'] }),
      ]);
      data = buildDigest({ audit, previous, approvals, now });
    } catch (error) {
      await this.record('digest.failed', conversation.id, now, { slot: slotIso, reason: 'audit-failed' });
      this.logger?.warn('digest: the audit failed', {
        conversationId: conversation.id,
        error: errorText(error),
      });
      return { kind: 'failed', reason: 'audit-failed', attempts: 0 };
    }
    const timeZone = conversation.digestTimeZone ?? 'UTC';
    const reply = digestReply(data, {
      timeZone,
      scheduleWords:
        scheduled && conversation.digestCron !== null
          ? describeSchedule(conversation.digestCron, timeZone)
          : '',
      ...(this.maxRows === undefined ? {} : { maxRows: this.maxRows }),
    });
    const target = { conversationId: conversation.id, reference: conversation.reference };
    for (let attempt = 1; ; attempt++) {
      try {
        await this.sender.send(target, reply);
        await this.store.saveFindingSnapshot(scopeOf(conversation.id), now, data.keys);
        await this.record('digest.posted', conversation.id, now, {
          slot: slotIso,
          attempts: attempt,
          counts: digestCounts(data),
        });
        this.logger?.info('digest posted', {
          conversationId: conversation.id,
          slot: slotIso,
          attempts: attempt,
        });
        return { kind: 'posted', slotIso, attempts: attempt };
      } catch (error) {
        const sendError =
          error instanceof SendError ? error : new SendError('transient', errorText(error), null, null);
        if (sendError.reason === 'gone') {
          const reason = `the connector answered ${sendError.status ?? 'gone'}: the bot was removed from the conversation`;
          await this.store.markConversationInactive(conversation.id, reason, now);
          await this.record('digest.subscription-deactivated', conversation.id, now, {
            slot: slotIso,
            status: sendError.status,
          });
          this.logger?.warn('digest: conversation gone, subscription inactive', {
            conversationId: conversation.id,
            status: sendError.status,
          });
          return { kind: 'gone', status: sendError.status };
        }
        if (sendError.reason === 'failed' || attempt >= this.retry.attempts) {
          await this.record('digest.failed', conversation.id, now, {
            slot: slotIso,
            reason: sendError.reason,
            status: sendError.status,
            attempts: attempt,
          });
          this.logger?.warn('digest: could not post', {
            conversationId: conversation.id,
            status: sendError.status,
            attempts: attempt,
          });
          return { kind: 'failed', reason: sendError.reason, attempts: attempt };
        }
        await this.sleep(this.backoff(attempt, sendError.retryAfterMs));
      }
    }
  }

  /** Exponential (base · 2^(n-1)), at least what Retry-After asks, never more than maxDelayMs. */
  private backoff(attempt: number, retryAfterMs: number | null): number {
    const exponential = this.retry.baseDelayMs * 2 ** (attempt - 1);
    return Math.min(this.retry.maxDelayMs, Math.max(exponential, retryAfterMs ?? 0));
  }

  private async record(action: string, conversationId: string, at: Date, details: Record<string, unknown>) {
    try {
      await this.store.appendAudit({ at, actor: SYSTEM, action, subject: conversationId, details });
    } catch (error) {
      this.logger?.error('digest: could not write the audit trail', { action, error: errorText(error) });
    }
  }

  /** DIGEST_CONVERSATION_ID: subscribed once the bot knows the conversation, unless someone set a schedule there. */
  private async applyDefaultSubscription(now: Date): Promise<void> {
    const subscription = this.defaultSubscription;
    if (subscription === null) return;
    const conversation = await this.store.getConversation(subscription.conversationId);
    // digestCron stays set after `unsubscribe digest`, so an unsubscribed channel stays unsubscribed
    if (conversation === null || !conversation.active || conversation.digestCron !== null) return;
    await this.store.saveConversation({
      id: conversation.id,
      tenantId: conversation.tenantId,
      reference: conversation.reference,
      at: now,
      subscribedToDigest: true,
      digestCron: subscription.cron,
      digestTimeZone: subscription.timeZone,
    });
    await this.startSchedule(conversation.id, subscription.cron, subscription.timeZone, now);
    await this.record('digest.subscribed', conversation.id, now, {
      cron: subscription.cron,
      timeZone: subscription.timeZone,
      by: 'configuration',
    });
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
