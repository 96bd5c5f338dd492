import {
  ActivityTypes,
  CardFactory,
  MessageFactory,
  TeamsActivityHandler,
  TeamsInfo,
  TurnContext,
  teamsGetChannelId,
  teamsGetTenant,
} from 'botbuilder';
import type { Activity, AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue } from 'botbuilder';
import type { AdaptiveCardJson, CardReply } from '../cards/card-reply';
import { currentLogRef } from '../config/log-context';
import type { Logger } from '../config/logger';
import type {
  ChatApp,
  ChatConversation,
  ChatUser,
  ConversationKind,
  ConversationLog,
  TenantRefusal,
} from './chat-app';
import { newCorrelationId, sorryText } from './correlation-id';
import { ADDRESS_FIELD_LIMITS, conversationAddress } from '../domain/conversation-address';
import { describeError } from './describe-error';
import { MAX_MESSAGE_CHARS, tooLongText } from './message-limit';
import { MemberCache } from './member-cache';
import type { CachedMember } from './member-cache';
import { textCard } from './text-card';

export interface WardenBotOptions {
  app: ChatApp;
  logger: Logger;
  /** null → any tenant */
  allowedTenantIds: readonly string[] | null;
  /** ask the connector for the sender's userPrincipalName (TeamsInfo.getMember) on every turn */
  lookupMembers?: boolean;
  /** how long a member lookup is reused for the same user (default five minutes; 0 = every turn) */
  memberCacheMs?: number;
  newCorrelationId?: () => string;
  /** remembers conversation references for proactive posts; none → nothing is kept */
  conversations?: ConversationLog;
  now?: () => Date;
  /** longer message texts get a polite refusal before any parsing (MAX_MESSAGE_CHARS) */
  maxMessageChars?: number;
  /** told about every turn refused for its tenant (the audit trail keeps it); a failure is only logged */
  onTenantRefused?: (refusal: TenantRefusal) => void | Promise<void>;
}

const DEFAULT_MEMBER_CACHE_MS = 5 * 60_000;

export const TENANT_REFUSAL = 'msa-warden is not available to your organisation.';

const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/**
 * Teams transport: turns messages and Action.Execute clicks into ChatApp calls and cards back into
 * activities. No product logic lives here.
 */
export class WardenBot extends TeamsActivityHandler {
  private readonly app: ChatApp;
  private readonly logger: Logger;
  private readonly allowedTenantIds: ReadonlySet<string> | null;
  private readonly lookupMembers: boolean;
  private readonly newId: () => string;
  private readonly conversations: ConversationLog | null;
  private readonly now: () => Date;
  private readonly maxMessageChars: number;
  private readonly members: MemberCache;
  private readonly onTenantRefused: WardenBotOptions['onTenantRefused'];

  constructor(options: WardenBotOptions) {
    super();
    this.app = options.app;
    this.logger = options.logger;
    this.allowedTenantIds =
      options.allowedTenantIds === null
        ? null
        : new Set(options.allowedTenantIds.map((id) => id.toLowerCase()));
    this.lookupMembers = options.lookupMembers ?? false;
    this.newId = options.newCorrelationId ?? newCorrelationId;
    this.conversations = options.conversations ?? null;
    this.now = options.now ?? (() => new Date());
    this.maxMessageChars = options.maxMessageChars ?? MAX_MESSAGE_CHARS;
    this.onTenantRefused = options.onTenantRefused;
    this.members = new MemberCache(options.memberCacheMs ?? DEFAULT_MEMBER_CACHE_MS, () =>
      this.now().getTime(),
    );

    // A conversation that talks to the bot (install, message, card click) has its address stored (one
    // bounded row per conversation), so a digest can reach it later; an uninstall retires it. Other
    // activities (typing, reactions, member changes) store nothing.
    this.onTurn(async (context, next) => {
      await this.trackConversation(context.activity);
      await next();
    });

    this.onMessage(async (context, next) => {
      await this.answerMessage(context);
      await next();
    });
  }

  private async answerMessage(context: TurnContext): Promise<void> {
    if (!this.tenantAllowed(context.activity)) {
      const text = typeof context.activity.text === 'string' ? messageText(context.activity) : '';
      await this.reportTenantRefusal(context.activity, { kind: 'message', text });
      await context.sendActivity(MessageFactory.text(TENANT_REFUSAL));
      return;
    }
    const raw = context.activity.text;
    if (typeof raw === 'string' && raw.length > this.maxMessageChars) {
      this.logger.info('refused an oversized message', { length: raw.length, limit: this.maxMessageChars });
      const text = tooLongText(this.maxMessageChars);
      await context.sendActivities(replyActivities({ summary: text, cards: [textCard(text)] }));
      return;
    }
    const text = messageText(context.activity);
    const user = await this.chatUser(context);
    this.logger.debug('message', { conversationType: context.activity.conversation?.conversationType });
    const conversationId = subscriptionKey(context.activity);
    const kind = conversationKind(context.activity);
    const reply = await this.app.answerText(
      text,
      user,
      conversationId ? { id: conversationId, ...(kind === undefined ? {} : { kind }) } : undefined,
    );
    await context.sendActivities(replyActivities(reply));
  }

  /** Action.Execute: answer with a card in the invoke response (an empty value makes Teams retry). */
  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    if (!this.tenantAllowed(context.activity)) {
      const { verb, data } = invokeValue.action;
      await this.reportTenantRefusal(context.activity, {
        kind: 'card',
        verb: typeof verb === 'string' ? verb : '',
        data,
      });
      return cardResponse(textCard(TENANT_REFUSAL));
    }
    const { verb, data } = invokeValue.action;
    if (typeof verb !== 'string' || verb.trim() === '') {
      return {
        statusCode: 400,
        type: 'application/vnd.microsoft.error',
        value: { code: 'BadRequest', message: 'The card action has no verb.' },
      };
    }
    try {
      const user = await this.chatUser(context);
      const conversationId = subscriptionKey(context.activity);
      const { conversation, replyToId } = context.activity;
      const kind = conversationKind(context.activity);
      const reply = await this.app.answerAction(
        verb,
        data,
        user,
        conversationId
          ? {
              id: conversationId,
              ...(conversation?.id ? { threadId: conversation.id } : {}),
              ...(replyToId ? { cardActivityId: replyToId } : {}),
              ...(kind === undefined ? {} : { kind }),
            }
          : undefined,
      );
      const [first, ...rest] = reply.cards;
      // An invoke response holds one card (it replaces the clicked one); any further cards follow as messages.
      if (rest.length > 0) await context.sendActivities(replyActivities({ ...reply, cards: rest }));
      return cardResponse(first ?? textCard(reply.summary));
    } catch (error) {
      const ref = currentLogRef() ?? this.newId();
      this.logger.error('card action failed', { ref, verb, ...describeError(error) });
      return cardResponse(textCard(sorryText(ref)));
    }
  }

  private async trackConversation(activity: Activity): Promise<void> {
    const conversationId = activity.conversation?.id;
    if (this.conversations === null || !conversationId || !this.isAllowedTenant(activity)) return;
    try {
      if (activity.type === 'installationUpdate' && activity.action?.startsWith('remove')) {
        await this.conversations.forget(conversationId, 'the bot was uninstalled', this.now());
        return;
      }
      if (!talksToTheBot(activity)) return;
      // only what a proactive post needs: no sender, names or activity content leave this method
      const reference = conversationAddress(TurnContext.getConversationReference(activity));
      const tenantId = tenantOf(activity) ?? null;
      const channelKey = subscriptionKey(activity);
      const channelReference =
        channelKey === undefined || channelKey === conversationId
          ? null
          : conversationAddress({
              ...reference,
              conversation: { ...reference?.conversation, id: channelKey },
            });
      // a forged activity with megabyte ids is answered, but its conversation is not kept
      if (
        reference === null ||
        (channelKey !== undefined && channelKey !== conversationId && channelReference === null) ||
        (tenantId?.length ?? 0) > ADDRESS_FIELD_LIMITS.tenantId
      ) {
        // debug only: a flood of forged activities must not become a flood of log lines
        this.logger.debug('did not keep a conversation whose ids are longer than any real one');
        return;
      }
      await this.conversations.remember({ id: conversationId, tenantId, reference }, this.now());
      // a channel is also kept under its own id: its digest posts start a new thread there
      if (channelKey !== undefined && channelReference !== null) {
        await this.conversations.remember(
          { id: channelKey, tenantId, reference: channelReference },
          this.now(),
        );
      }
    } catch (error) {
      this.logger.warn('could not store the conversation reference', describeError(error));
    }
  }

  private tenantAllowed(activity: Activity): boolean {
    if (this.isAllowedTenant(activity)) return true;
    this.logger.warn('refused a foreign tenant', { tenantId: tenantOf(activity) ?? null });
    return false;
  }

  private async reportTenantRefusal(activity: Activity, request: TenantRefusal['request']): Promise<void> {
    if (this.onTenantRefused === undefined) return;
    // The activity's own facts only: the connector is not asked about a foreign tenant's member.
    const { from } = activity;
    const user: ChatUser = { id: from.id };
    if (from.aadObjectId !== undefined) user.aadObjectId = from.aadObjectId;
    if (from.name !== undefined && from.name !== '') user.name = from.name;
    const tenantId = tenantOf(activity);
    if (tenantId !== undefined) user.tenantId = tenantId;
    try {
      await this.onTenantRefused({
        user,
        conversation: conversationOf(activity) ?? null,
        request,
        summary: TENANT_REFUSAL,
      });
    } catch (error) {
      this.logger.error('could not report a tenant refusal', describeError(error));
    }
  }

  private isAllowedTenant(activity: Activity): boolean {
    if (this.allowedTenantIds === null) return true;
    const tenantId = tenantOf(activity);
    return tenantId !== undefined && this.allowedTenantIds.has(tenantId.toLowerCase());
  }

  private async chatUser(context: TurnContext): Promise<ChatUser> {
    const { from } = context.activity;
    const user: ChatUser = { id: from.id };
    if (from.aadObjectId !== undefined) user.aadObjectId = from.aadObjectId;
    if (from.name !== undefined && from.name !== '') user.name = from.name;
    const tenantId = tenantOf(context.activity);
    if (tenantId !== undefined) user.tenantId = tenantId;
    if (!this.lookupMembers) return user;
    const member = await this.member(context, `${tenantId ?? ''}|${from.id}`);
    if (member?.userPrincipalName) user.userPrincipalName = member.userPrincipalName;
    if (member?.aadObjectId) user.aadObjectId = member.aadObjectId;
    if (member?.name) user.name = member.name;
    return user;
  }

  private async member(context: TurnContext, key: string): Promise<CachedMember | undefined> {
    const cached = this.members.get(key);
    if (cached !== undefined) return cached;
    try {
      const member = await TeamsInfo.getMember(context, context.activity.from.id);
      const kept: CachedMember = {};
      if (member.userPrincipalName) kept.userPrincipalName = member.userPrincipalName;
      if (member.aadObjectId) kept.aadObjectId = member.aadObjectId;
      if (member.name) kept.name = member.name;
      this.members.set(key, kept);
      return kept;
    } catch (error) {
      // Not fatal, and not cached: whoever needs the UPN denies by default without it.
      this.logger.warn('could not look up the Teams member', describeError(error));
      return undefined;
    }
  }
}

/** A message, a card click or an install: the conversations worth reaching later. */
function talksToTheBot(activity: Activity): boolean {
  const type: string = activity.type;
  if (type === 'message' || type === 'invoke') return true;
  if (type === 'installationUpdate') return activity.action?.startsWith('add') === true;
  // Teams' older install signal: the bot itself among the members added
  if (type === 'conversationUpdate')
    return (activity.membersAdded ?? []).some((member) => member.id === activity.recipient?.id);
  return false;
}

/**
 * The conversation a digest subscription belongs to: the channel for a channel message (each channel
 * post is a conversation of its own, `19:…;messageid=…`), the conversation itself otherwise.
 */
function subscriptionKey(activity: Activity): string | undefined {
  if (activity.conversation?.conversationType === 'channel') {
    const channelId = teamsGetChannelId(activity);
    if (channelId) return channelId;
  }
  return activity.conversation?.id || undefined;
}

function conversationKind(activity: Activity): ConversationKind | undefined {
  const type = activity.conversation?.conversationType;
  return type === 'personal' || type === 'groupChat' || type === 'channel' ? type : undefined;
}

function conversationOf(activity: Activity): ChatConversation | undefined {
  const id = activity.conversation?.id;
  return id ? { id } : undefined;
}

function tenantOf(activity: Activity): string | undefined {
  return teamsGetTenant(activity)?.id ?? activity.conversation?.tenantId ?? undefined;
}

/** The user's words without the bot's @mention (channels and group chats always include it). */
function messageText(activity: Activity): string {
  if (typeof activity.text !== 'string' || activity.text === '') return '';
  const text = TurnContext.removeRecipientMention(activity) ?? activity.text;
  return text.replace(/&nbsp;/g, ' ').trim();
}

function replyActivities(reply: CardReply): Partial<Activity>[] {
  if (reply.cards.length === 0) return [MessageFactory.text(reply.summary)];
  return reply.cards.map((card) => ({
    type: ActivityTypes.Message,
    summary: reply.summary,
    attachments: [CardFactory.adaptiveCard(card)],
  }));
}

function cardResponse(card: AdaptiveCardJson): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: CARD_CONTENT_TYPE, value: card };
}
