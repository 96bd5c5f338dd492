import {
  ADDRESS_FIELD_LIMITS,
  MAX_ADDRESS_JSON_CHARS,
  conversationAddress,
} from '../../src/domain/conversation-address';

/** A reference as TurnContext.getConversationReference makes it from a Teams message. */
const TEAMS_REFERENCE = {
  activityId: '1700000000001',
  user: { id: '29:1alex', name: 'Alex Wilber', aadObjectId: 'aaaaaaaa-0000-0000-0000-000000000001' },
  bot: { id: '28:bot', name: 'msa-warden' },
  conversation: {
    id: 'a:1personal-chat',
    conversationType: 'personal',
    tenantId: 't-1',
    name: 'private chat name',
  },
  channelId: 'msteams',
  locale: 'en-US',
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
};

describe('conversationAddress', () => {
  it('keeps only what a proactive post needs: no user, name, locale or activity id', () => {
    expect(conversationAddress(TEAMS_REFERENCE)).toEqual({
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      channelId: 'msteams',
      conversation: { id: 'a:1personal-chat', conversationType: 'personal', tenantId: 't-1' },
      bot: { id: '28:bot' },
    });
    const json = JSON.stringify(conversationAddress(TEAMS_REFERENCE));
    for (const secretish of ['Alex', 'aaaaaaaa', 'private chat', '1700000000001', 'en-US', 'msa-warden'])
      expect(json).not.toContain(secretish);
  });

  it('leaves out fields that are missing or not strings, and takes anything as input', () => {
    expect(conversationAddress({ conversation: { id: 'c' } })).toEqual({ conversation: { id: 'c' } });
    expect(conversationAddress({ serviceUrl: 7, conversation: [1], bot: 'x' })).toEqual({});
    for (const odd of [null, undefined, 'text', 42, []]) expect(conversationAddress(odd)).toEqual({});
  });

  it('refuses a reference with any field longer than its limit (forged), instead of cutting an id', () => {
    const long = (n: number): string => 'x'.repeat(n + 1);
    expect(
      conversationAddress({ ...TEAMS_REFERENCE, serviceUrl: long(ADDRESS_FIELD_LIMITS.serviceUrl) }),
    ).toBeNull();
    expect(
      conversationAddress({
        ...TEAMS_REFERENCE,
        conversation: { id: long(ADDRESS_FIELD_LIMITS.conversationId) },
      }),
    ).toBeNull();
    expect(conversationAddress({ bot: { id: long(ADDRESS_FIELD_LIMITS.botId) } })).toBeNull();
    // within every field limit, but escapes blow the JSON up
    expect(conversationAddress({ conversation: { id: '\u0001'.repeat(500) } })).toBeNull();
    // a megabyte in a field nobody needs costs nothing
    expect(conversationAddress({ ...TEAMS_REFERENCE, user: { name: 'y'.repeat(1_000_000) } })).not.toBeNull();
  });

  it('is bounded: every field at its limit still fits MAX_ADDRESS_JSON_CHARS', () => {
    const at = (n: number): string => 'x'.repeat(n);
    const biggest = conversationAddress({
      serviceUrl: at(ADDRESS_FIELD_LIMITS.serviceUrl),
      channelId: at(ADDRESS_FIELD_LIMITS.channelId),
      conversation: {
        id: at(ADDRESS_FIELD_LIMITS.conversationId),
        conversationType: at(ADDRESS_FIELD_LIMITS.conversationType),
        tenantId: at(ADDRESS_FIELD_LIMITS.tenantId),
      },
      bot: { id: at(ADDRESS_FIELD_LIMITS.botId) },
    });
    expect(JSON.stringify(biggest).length).toBeLessThanOrEqual(MAX_ADDRESS_JSON_CHARS);
  });
});
