import type { RecordedActivity } from './connector-server';
import { captureOutput } from './test-output.cjs';

/**
 * Builds Bot Framework activities shaped like the ones Teams sends, and posts them to a bot over HTTP.
 * Replies go to `serviceUrl`: point it at a connector-server (bot-over-http starts both).
 */
export const BOT = { id: '28:00000000-0000-0000-0000-00000000b07a', name: 'msa-warden' } as const;
export const TENANT_ID = '11111111-2222-3333-4444-555555555555';
export const OTHER_TENANT_ID = '99999999-8888-7777-6666-555555555555';

export interface HarnessUser {
  id: string;
  name: string;
  aadObjectId: string;
}

export const ALEX: HarnessUser = {
  id: '29:1alex-wilber',
  name: 'Alex Wilber',
  aadObjectId: 'aaaaaaaa-0000-0000-0000-000000000001',
};

/**
 * The i-th of a numbered set of people, e.g. numberedUser('Lane', '0003', 2):
 * 29:lane-2, "Lane 2", aaaaaaaa-0000-0000-0003-000000000002. A set per `series`, so ids never clash.
 */
export function numberedUser(name: string, series: string, i: number): HarnessUser {
  return {
    id: `29:${name.toLowerCase()}-${i}`,
    name: `${name} ${i}`,
    aadObjectId: `aaaaaaaa-0000-0000-${series}-${String(i).padStart(12, '0')}`,
  };
}

/** The id of a user's personal (1:1) chat with the bot: where its replies to them are recorded. */
export const conversationOf = (user: HarnessUser): string => `a:1personal-chat-${user.aadObjectId}`;

export interface ActivityOptions {
  serviceUrl: string;
  user?: HarnessUser;
  tenantId?: string;
}

export interface ChannelOptions extends ActivityOptions {
  teamId?: string;
  channelId?: string;
}

/** A Bot Framework activity as JSON (what Teams posts to /api/messages). */
export type ActivityJson = Record<string, unknown> & { id: string; type: string };

let counter = 0;
const nextId = (): string => `1700000000${String(++counter).padStart(3, '0')}`;

function base(options: ActivityOptions, id: string): Record<string, unknown> {
  const user = options.user ?? ALEX;
  const tenantId = options.tenantId ?? TENANT_ID;
  return {
    id,
    channelId: 'msteams',
    serviceUrl: options.serviceUrl,
    timestamp: new Date().toISOString(),
    localTimestamp: new Date().toISOString(),
    locale: 'en-US',
    from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
    recipient: { id: BOT.id, name: BOT.name },
    channelData: { tenant: { id: tenantId } },
  };
}

/** A message in the personal (1:1) chat with the bot. */
export function personalMessage(text: string, options: ActivityOptions): ActivityJson {
  const id = nextId();
  const common = base(options, id);
  const tenantId = options.tenantId ?? TENANT_ID;
  return {
    ...common,
    id,
    type: 'message',
    text,
    textFormat: 'plain',
    conversation: {
      conversationType: 'personal',
      tenantId,
      id: conversationOf(options.user ?? ALEX),
    },
    entities: [
      { type: 'clientInfo', locale: 'en-US', country: 'US', platform: 'Web', timezone: 'Europe/London' },
    ],
  };
}

/** A new channel post that @mentions the bot (channels deliver only those). */
export function channelMessage(text: string, options: ChannelOptions): ActivityJson {
  const id = nextId();
  const teamId = options.teamId ?? '19:team-general@thread.tacv2';
  const channelId = options.channelId ?? teamId;
  const tenantId = options.tenantId ?? TENANT_ID;
  const mention = `<at>${BOT.name}</at>`;
  return {
    ...base(options, id),
    id,
    type: 'message',
    text: `${mention} ${text}`,
    textFormat: 'plain',
    conversation: {
      isGroup: true,
      conversationType: 'channel',
      tenantId,
      id: `${channelId};messageid=${id}`,
    },
    channelData: {
      teamsChannelId: channelId,
      teamsTeamId: teamId,
      channel: { id: channelId },
      team: { id: teamId },
      tenant: { id: tenantId },
    },
    entities: [
      { type: 'mention', text: mention, mentioned: { id: BOT.id, name: BOT.name } },
      { type: 'clientInfo', locale: 'en-US', country: 'US', platform: 'Web', timezone: 'Europe/London' },
    ],
  };
}

/** A click on an Action.Execute button of a card the bot sent earlier (`replyToId`). */
export function cardAction(
  verb: string,
  data: unknown,
  options: ActivityOptions & { replyToId?: string },
): ActivityJson {
  const id = nextId();
  const tenantId = options.tenantId ?? TENANT_ID;
  return {
    ...base(options, id),
    id,
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: options.replyToId ?? 'generated-1',
    conversation: {
      conversationType: 'personal',
      tenantId,
      id: conversationOf(options.user ?? ALEX),
    },
    value: { action: { type: 'Action.Execute', id: `action-${id}`, verb, data }, trigger: 'manual' },
  };
}

export interface PostResult {
  status: number;
  /** parsed JSON, or null for an empty body */
  body: unknown;
}

/** POSTs an activity the way the Bot Framework channel does (no Authorization header: anonymous mode). */
export async function postActivity(
  botUrl: string,
  activity: ActivityJson,
  headers: Record<string, string> = {},
): Promise<PostResult> {
  const response = await fetch(botUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(activity),
  });
  const text = await response.text();
  // invoke answers (cards) and error bodies: scanned for secrets after the run
  captureOutput('http-response', `${response.status} ${text}`);
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
}

/** The first card of a reply the bot sent, as JSON text (for matching names, ids and wording). */
export const cardText = (activity: RecordedActivity): string =>
  JSON.stringify(activity.body.attachments?.[0]?.content ?? null);

/** Waits until `condition` holds, checking every 5 ms 2000 times (10 s or a little more); the error names `what`. */
export async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}
