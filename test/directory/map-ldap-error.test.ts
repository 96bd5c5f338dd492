import {
  AlreadyExistsError,
  ConstraintViolationError,
  InsufficientAccessError,
  InvalidCredentialsError,
  InvalidSyntaxError,
  NoSuchAttributeError,
  NoSuchObjectError,
  StrongAuthRequiredError,
  TypeOrValueExistsError,
  UnwillingToPerformError,
} from 'ldapts';
import { DirectoryError } from '../../src/domain/directory-error';
import { isConnectionFailure, mapLdapError } from '../../src/directory/map-ldap-error';

/** A Node-style system error; a plain object, as errors from another realm look under jest. */
const systemError = (code: string, message = `${code} happened`): object => ({ code, message });

describe('mapLdapError', () => {
  it.each([
    [new StrongAuthRequiredError('BindSimple: Transport encryption required.'), 'strong-auth-required', 8],
    [new NoSuchObjectError('no such object'), 'no-such-object', 32],
    [new InvalidCredentialsError('80090308: LdapErr: data 52e'), 'bind-failed', 49],
    [new InsufficientAccessError('access denied'), 'insufficient-rights', 50],
    [new UnwillingToPerformError('value not there'), 'already-in-state', 53],
    [new AlreadyExistsError('member already there'), 'already-in-state', 68],
    [new NoSuchAttributeError('no such value'), 'already-in-state', 16],
    [new TypeOrValueExistsError('value exists'), 'already-in-state', 20],
    [new ConstraintViolationError('constraint'), 'constraint', 19],
    [new InvalidSyntaxError('syntax'), 'constraint', 21],
  ])('result code %#: %s → %s', (error, reason, code) => {
    const mapped = mapLdapError(error);
    expect(mapped).toBeInstanceOf(DirectoryError);
    expect(mapped.reason).toBe(reason);
    expect(mapped.resultCode).toBe(code);
  });

  it.each([
    [systemError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'), 'unreachable'],
    [systemError('ENOTFOUND', 'getaddrinfo ENOTFOUND dc9'), 'unreachable'],
    [systemError('ECONNRESET', 'read ECONNRESET'), 'unreachable'],
    [systemError('ETIMEDOUT'), 'unreachable'],
    [systemError('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'), 'tls'],
    [systemError('SELF_SIGNED_CERT_IN_CHAIN'), 'tls'],
    [systemError('DEPTH_ZERO_SELF_SIGNED_CERT'), 'tls'],
    [systemError('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"), 'tls'],
    [systemError('EPROTO', 'wrong version number'), 'tls'],
    [new Error('SearchRequest: Operation timed out'), 'timeout'],
    [new Error('BindRequest: Operation timed out'), 'timeout'],
    [new Error('Connection timeout'), 'unreachable'],
    [
      new Error('Connection closed before message response was received. Message type: SearchRequest (0x63)'),
      'unreachable',
    ],
    [new Error('something odd'), 'unknown'],
    ['a string', 'unknown'],
    [42, 'unknown'],
  ])('%p → %s', (error, reason) => {
    expect(mapLdapError(error).reason).toBe(reason);
  });

  it('keeps a DirectoryError as it is', () => {
    const error = new DirectoryError('timeout', 'already mapped');
    expect(mapLdapError(error, 'ctx')).toBe(error);
  });

  it('puts the context first and keeps only the first line', () => {
    const mapped = mapLdapError(
      new Error('Socket error. Message type: BindRequest (0x60)\nread ECONNRESET'),
      'ldaps://dc1',
    );
    expect(mapped.message).toBe('ldaps://dc1: Socket error. Message type: BindRequest (0x60)');
  });

  it('names the reasons after which a connection is dropped', () => {
    expect(['unreachable', 'timeout', 'tls'].every((r) => isConnectionFailure(r as never))).toBe(true);
    expect(
      ['bind-failed', 'no-such-object', 'insufficient-rights', 'unknown'].some((r) =>
        isConnectionFailure(r as never),
      ),
    ).toBe(false);
  });
});
