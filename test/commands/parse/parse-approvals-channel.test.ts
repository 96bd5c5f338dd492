import { parseCommand } from '../../../src/commands/parse/parse-command';

describe('register / unregister approvals channel', () => {
  it.each([
    'register approvals here',
    'Register approvals channel',
    'register the approvals channel',
    'register this channel for approvals',
    'please register approvals here!',
    '<at>msa-warden</at> register approvals here',
  ])('"%s" registers the approvals channel', (text) => {
    expect(parseCommand(text)).toEqual({ kind: 'register-approvals-channel' });
  });

  it.each(['unregister approvals channel', 'unregister approvals here', 'unregister approvals'])(
    '"%s" unregisters it',
    (text) => {
      expect(parseCommand(text)).toEqual({ kind: 'unregister-approvals-channel' });
    },
  );

  it.each(['register approvals', 'register svc_sql01 here', 'register approvals here now', 'approvals here'])(
    '"%s" is not the command',
    (text) => {
      const kind = parseCommand(text).kind;
      expect(kind).not.toBe('register-approvals-channel');
      expect(kind).not.toBe('unregister-approvals-channel');
    },
  );
});
