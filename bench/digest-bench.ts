/**
 * The digest build in the scale bench, through the bot's real path: `digest now` typed in a Teams
 * channel (the channel is remembered on that turn, as a registered channel would be), the bot
 * answers in the thread at once, runs the whole-directory audit in the background
 * (createDigestAuditReader: readAccountFacts over every MSA, then runAudit), compares it with the
 * channel's previous digest, renders the card and posts it proactively (continueConversationAsync)
 * to the channel at the connector. The time is from the POST to that card's arrival.
 *
 * Its floor: the digest reads exactly what `audit sMSAs` reads (readAccountFacts({kind: 'all'})),
 * so its bare LDAP reads are the audit's: every MSA with its descriptors, every group, every host
 * that links an sMSA. The scale bench passes that floor in.
 */
import { performance } from 'node:perf_hooks';
import { channelMessage, postActivity, type HarnessUser } from '../test/support/bot-harness';
import type { ConnectorServer, RecordedActivity } from '../test/support/connector-server';

export const DIGEST_TEAM = '19:bench-team@thread.tacv2';
export const DIGEST_CHANNEL = '19:bench-digest@thread.tacv2';
export const DIGEST_ANSWER = 'digest build (digest now)';

const DIGEST_TIMEOUT_MS = 300_000;

/** A digest card: posted to the channel itself (not the thread), with the digest's summary line. */
function isDigestCard(activity: RecordedActivity): boolean {
  return (
    activity.conversationId === DIGEST_CHANNEL &&
    activity.method === 'POST' &&
    (activity.body.attachments?.length ?? 0) > 0 &&
    typeof activity.body.summary === 'string' &&
    activity.body.summary.startsWith('Digest:')
  );
}

/**
 * `digest now` in the bench channel → the digest card in the channel, in ms. Throws when the bot
 * refuses or no card comes: a figure for a digest that was never posted would be a lie.
 */
export async function askDigest(
  messagesUrl: string,
  connector: ConnectorServer,
  user: HarnessUser,
): Promise<number> {
  let seen = connector.activities.length;
  const start = performance.now();
  const posted = await postActivity(
    messagesUrl,
    channelMessage('digest now', {
      serviceUrl: connector.serviceUrl,
      user,
      teamId: DIGEST_TEAM,
      channelId: DIGEST_CHANNEL,
    }),
  );
  if (posted.status >= 300) throw new Error(`the bot answered "digest now" with HTTP ${posted.status}`);
  for (;;) {
    const all = connector.activities;
    if (all.length < seen) seen = 0; // cleared meanwhile
    for (; seen < all.length; seen++) {
      const activity = all[seen]!;
      if (isDigestCard(activity)) return performance.now() - start;
      const text = activity.body.text ?? activity.body.summary ?? '';
      if (
        activity.conversationId.startsWith(`${DIGEST_CHANNEL};`) &&
        !text.startsWith('A digest is on its way')
      )
        throw new Error(`"digest now" was answered with: ${text.slice(0, 200)}`);
    }
    if (performance.now() - start > DIGEST_TIMEOUT_MS)
      throw new Error(`no digest card in ${DIGEST_CHANNEL} within ${DIGEST_TIMEOUT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
