import {
  directoryErrorReply,
  errorReply,
  outdatedButtonReply,
  unexpectedErrorReply,
} from '../../../src/commands/views/error-card';
import { DirectoryError, type DirectoryErrorReason } from '../../../src/domain/directory-error';
import { cardText, executeActions, onlyValidCard, texts } from '../../support/card-inspect';

const reasons: DirectoryErrorReason[] = [
  'unreachable',
  'timeout',
  'busy',
  'bind-failed',
  'tls',
  'strong-auth-required',
  'no-such-object',
  'insufficient-rights',
  'already-in-state',
  'constraint',
  'unknown',
];

describe('error cards', () => {
  it.each(reasons)('%s → a plain-words card without the error message', (reason) => {
    const error = new DirectoryError(
      reason,
      'bind as CN=bot with password Hunter2!Secret at ldaps://dc1:636 failed',
      49,
    );
    const card = onlyValidCard(directoryErrorReply(error));
    const json = JSON.stringify(card);
    expect(json).not.toContain('Hunter2');
    expect(json).not.toContain('ldaps://dc1');
    expect(cardText(card)).toContain('Nothing was changed.');
    expect(cardText(card)).toContain('LDAP result code 49.');
  });

  it('names what to check for each failure an admin can fix', () => {
    const text = (reason: DirectoryErrorReason) =>
      cardText(onlyValidCard(directoryErrorReply(new DirectoryError(reason, 'x'))));
    expect(text('unreachable')).toContain('The directory did not answer');
    expect(text('timeout')).toContain('took too long');
    expect(text('busy')).toContain('busy; try again in a moment');
    expect(text('bind-failed')).toContain("The bot's directory account could not sign in");
    expect(text('bind-failed')).toContain('LDAP_BIND_DN / LDAP_BIND_PASSWORD');
    expect(text('tls')).toContain("The directory's certificate is not trusted");
    expect(text('tls')).toContain('LDAP_CA_CERT');
    expect(text('strong-auth-required')).toContain('LDAP_STARTTLS');
    expect(text('no-such-object')).toContain('LDAP_BASE_DN');
    expect(text('timeout')).not.toContain('LDAP result code');
  });

  it('answers any other error with a generic card', () => {
    const card = onlyValidCard(errorReply(new TypeError('secret stack detail')));
    expect(texts(card)[0]).toBe('Something went wrong; nothing was changed');
    expect(JSON.stringify(card)).not.toContain('secret stack detail');
    expect(errorReply('a string')).toEqual(unexpectedErrorReply());
  });

  it('tells the user a button is out of date and offers help', () => {
    const card = onlyValidCard(outdatedButtonReply());
    expect(texts(card)[0]).toBe('This button is out of date');
    expect(executeActions(card, 'help')).toHaveLength(1);
  });
});
