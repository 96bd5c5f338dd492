import { HELP_COMMANDS, helpReply } from '../../../src/commands/answers/help';
import { parseCommand } from '../../../src/commands/parse/parse-command';
import { cardText, executeActions, onlyValidCard, powershellOf, texts } from '../../support/card-inspect';

describe('helpReply', () => {
  it('lists every command with its example', () => {
    const card = onlyValidCard(helpReply());
    const text = cardText(card);
    for (const { example, description } of HELP_COMMANDS) {
      expect(text).toContain(example);
      expect(text).toContain(` — ${description}`);
    }
    expect(texts(card)[0]).toBe('What I can do');
    expect(executeActions(card, 'list.more')).toEqual([
      expect.objectContaining({ data: { kinds: ['sMSA', 'gMSA'], offset: 0 } }),
    ]);
    expect(powershellOf(card)).toContain('Get-Command -Module ActiveDirectory');
  });

  it('puts notices first', () => {
    const card = onlyValidCard(helpReply(["I didn't understand 'x'."]));
    expect(texts(card)[0]).toBe("I didn't understand 'x'.");
    expect(helpReply(['a', 'b']).summary).toBe('a b');
  });

  it('offers only examples the parser understands, covering every command kind', () => {
    const kinds = HELP_COMMANDS.map((c) => parseCommand(c.example).kind);
    expect(kinds).not.toContain('unknown');
    expect(new Set(kinds)).toEqual(
      new Set([
        'find-host',
        'list',
        'show',
        'help',
        'audit-privileged',
        'audit-all',
        'audit-host',
        'migration-candidates',
        'test-account',
        'whoami',
        'subscribe-digest',
        'unsubscribe-digest',
        'digest-now',
        'digest-status',
        'pending-approvals',
        'my-requests',
        'show-request',
      ]),
    );
  });
});
