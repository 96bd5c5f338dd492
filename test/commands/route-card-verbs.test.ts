import { fixtureDeps } from '../support/fake-audit-source';
import {
  CARD_ACTION_VERBS,
  answerCardVerb as answerCardAction,
  commandFromCardVerb,
} from '../../src/commands/route';
import { DirectoryError } from '../../src/domain/directory-error';
import { NOW, onlyValidCard, texts } from '../support/card-inspect';

const deps = () => fixtureDeps(NOW);
const first = async (verb: string, data: unknown, d = deps()) =>
  texts(onlyValidCard(await answerCardAction(verb, data, d)))[0];

describe('answerCardAction', () => {
  it('runs the verbs the cards emit', async () => {
    expect(await first('list.more', { kinds: ['sMSA'], offset: 0 })).toBe('sMSAs');
    expect(await first('show', { account: 'svc_sql01$' })).toBe('svc_sql01');
    expect(await first('find-host', { host: 'SRV02' })).toBe('SRV02: 4 linked managed service accounts');
    expect(await first('find-host', { host: 'SRV02', offset: 0 })).toBe(
      'SRV02: 4 linked managed service accounts',
    );
    expect(await first('help', {})).toBe('What I can do');
    expect(CARD_ACTION_VERBS).toEqual([
      'list.more',
      'show',
      'find-host',
      'help',
      'audit.more',
      'migration.more',
      'test-account',
      'fix.request',
      'fix.submit',
      'approval.approve',
      'approval.reject',
      'approval.cancel',
      'approval.show',
      'approval.refresh',
      'approval.undo',
    ]);
  });

  it('ignores extra keys Teams adds to the data', async () => {
    expect(await first('show', { account: 'svc_sql01', msteams: { x: 1 }, inputId: 'v' })).toBe('svc_sql01');
  });

  it('passes the host from card data verbatim to the directory', async () => {
    const d = deps();
    expect(await first('find-host', { host: '*)(cn=*' }, d)).toBe("No computer named '*)(cn=*'.");
    expect(d.directory.calls[0]?.args).toEqual(['*)(cn=*']);
  });

  it.each<[string, unknown]>([
    ['delete-everything', { account: 'svc_sql01' }],
    ['constructor', {}],
    ['__proto__', {}],
    ['list.more', { kinds: ['sMSA'] }],
    ['list.more', { kinds: [], offset: 0 }],
    ['list.more', { kinds: ['user'], offset: 0 }],
    ['list.more', { kinds: ['sMSA'], offset: -20 }],
    ['list.more', { kinds: ['sMSA'], offset: 1.5 }],
    ['list.more', { kinds: ['sMSA'], offset: '20' }],
    ['show', {}],
    ['show', { account: '' }],
    ['show', { account: '   ' }],
    ['show', { account: 'x'.repeat(300) }],
    ['show', { account: 42 }],
    ['show', null],
    ['show', 'svc_sql01'],
    ['find-host', undefined],
    ['find-host', { host: ['SRV01'] }],
    ['audit.more', { scope: 'all', offset: 0, check: 'no-such-check' }],
    ['audit.more', { scope: 'all', offset: 0, run: 'r1)(cn=*' }],
    ['audit.more', { scope: 'all', offset: 0, run: 'x'.repeat(65) }],
    ['audit.more', { scope: 'privileged', offset: 0, group: 'Domain Admins' }],
    ['audit.more', { scope: 'privileged', offset: 0, group: `S-1${'-1'.repeat(16)}` }],
  ])('answers %s %j with an out-of-date card, not an exception', async (verb, data) => {
    expect(await first(verb, data)).toBe('This button is out of date');
  });

  it('reads an audit click into the command it stands for: the run, the check or the group', () => {
    expect(commandFromCardVerb('audit.more', { scope: 'all', offset: 0 })).toEqual({
      kind: 'audit-all',
      offset: 0,
    });
    expect(
      commandFromCardVerb('audit.more', {
        scope: 'host',
        host: 'SRV01',
        offset: 12,
        run: 'aB3_-x',
        check: 'stale',
      }),
    ).toEqual({ kind: 'audit-host', host: 'SRV01', offset: 12, run: 'aB3_-x', check: 'stale' });
    expect(
      commandFromCardVerb('audit.more', {
        scope: 'privileged',
        offset: 15,
        run: 'r1',
        group: 'S-1-5-32-544',
      }),
    ).toEqual({ kind: 'audit-privileged', offset: 15, run: 'r1', group: 'S-1-5-32-544' });
  });

  it('turns a directory failure into an error card', async () => {
    const d = deps();
    d.directory.failure = new DirectoryError('timeout', 'search took 10s');
    expect(await first('list.more', { kinds: ['sMSA', 'gMSA'], offset: 20 }, d)).toBe(
      'The directory took too long to answer',
    );
  });
});
