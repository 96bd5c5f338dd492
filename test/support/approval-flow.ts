import { Attribute, Change, Client } from 'ldapts';
import { cardAction, postActivity } from './bot-harness';
import type { HarnessUser } from './bot-harness';
import { cardText, executeActions } from './card-inspect';
import { FIX_GROUP_DN, requiredEnv, testCaPem } from './fix-targets';

/**
 * The approval flow as Teams drives it, over HTTP, for the exactly-once, replica and crash tests:
 * card clicks (Action.Execute invokes), "Request removal" of a fix target from Fix Tier0 Ops, and
 * the Administrator's view of the group to put the account back and to read what really changed.
 */

export interface Card {
  body?: unknown;
  actions?: unknown;
}

export interface Click {
  status: number;
  card: Card | null;
}

export async function clickCard(
  messagesUrl: string,
  serviceUrl: string,
  user: HarnessUser,
  verb: string,
  data: unknown,
  options: { replyToId?: string; tenantId?: string } = {},
): Promise<Click> {
  const posted = await postActivity(messagesUrl, cardAction(verb, data, { serviceUrl, user, ...options }));
  const card = (posted.body as { value?: Card } | null)?.value ?? null;
  return { status: posted.status, card };
}

/** The finding's remediation data behind "Request removal" (as an audit card carries it). */
export const removalOf = (account: string): Record<string, unknown> => ({
  findingKey: `privileged-membership:e2e:${account}`,
  account: `${account}$`,
  title: 'Member of Fix Tier0 Ops',
  remediation: { kind: 'remove-from-group', groupDn: FIX_GROUP_DN, groupName: 'Fix Tier0 Ops' },
});

/** "Request removal" → the request card → "Submit request" with a justification → the approval id. */
export async function requestRemoval(
  messagesUrl: string,
  serviceUrl: string,
  user: HarnessUser,
  account: string,
): Promise<string> {
  const form = await clickCard(messagesUrl, serviceUrl, user, 'fix.request', removalOf(account));
  if (form.card === null) throw new Error(`no request card (HTTP ${form.status})`);
  const [submit] = executeActions(form.card, 'fix.submit');
  if (submit === undefined) throw new Error(`no Submit on the request card: ${cardText(form.card)}`);
  const submitted = await clickCard(messagesUrl, serviceUrl, user, 'fix.submit', {
    ...(submit.data as object),
    justification: 'e2e: a service account has no business in a tier-0 group',
  });
  if (submitted.card === null) throw new Error(`no approval card (HTTP ${submitted.status})`);
  const [refresh] = executeActions(submitted.card, 'approval.show');
  const id = (refresh?.data as { approvalId?: unknown } | undefined)?.approvalId;
  if (typeof id !== 'string') throw new Error(`no approval id on the card: ${cardText(submitted.card)}`);
  return id;
}

/** The DC as Administrator: reads and resets Fix Tier0 Ops, whatever the bot did. */
export class AdminDirectory {
  private constructor(private readonly client: Client) {}

  static async open(): Promise<AdminDirectory> {
    const client = new Client({
      url: requiredEnv('LDAP_URL').split(',')[0]!,
      tlsOptions: { ca: [testCaPem()] },
      timeout: 30_000,
    });
    await client.bind(requiredEnv('LDAP_ADMIN_BIND_DN'), requiredEnv('LDAP_ADMIN_BIND_PASSWORD'));
    return new AdminDirectory(client);
  }

  async members(groupDn = FIX_GROUP_DN): Promise<string[]> {
    const { searchEntries } = await this.client.search(groupDn, { scope: 'base', attributes: ['member'] });
    const value = searchEntries[0]?.member;
    return value === undefined ? [] : (Array.isArray(value) ? value : [value]).map(String);
  }

  async isMember(dn: string): Promise<boolean> {
    return (await this.members()).some((m) => m.toLowerCase() === dn.toLowerCase());
  }

  async ensureMember(dn: string): Promise<void> {
    if (await this.isMember(dn)) return;
    await this.client.modify(FIX_GROUP_DN, [
      new Change({ operation: 'add', modification: new Attribute({ type: 'member', values: [dn] }) }),
    ]);
  }

  close(): Promise<void> {
    return this.client.unbind();
  }
}
