import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFigures, scanForSecrets, secretForms } from './test-output.cjs';

/** The end-of-run secrets scan must find what was planted, in every form it claims to know. */
const SECRET = 'Mw-3f1c9a0b7d2e4f6a8b0c1d2e3f4a5b6c-7q';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'msa-warden-scan-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const capture = (file: string, lines: string[]): void =>
  writeFileSync(join(dir, file), lines.map((line) => `${line}\n`).join(''));

describe('scanForSecrets', () => {
  it('finds a planted secret and names the source, never the value', () => {
    capture('captured-1.log', [
      'bot-log\t{"level":"info","msg":"bound"}',
      `bot-log\t{"level":"error","msg":"bind failed for ${SECRET}"}`,
    ]);
    capture('captured-2.log', ['connector\t{"text":"hello"}']);
    const scan = scanForSecrets(dir, { LDAP_BIND_PASSWORD: SECRET });
    expect(scan.hits).toEqual([{ secret: 'LDAP_BIND_PASSWORD', source: 'bot-log', file: 'captured-1.log' }]);
    expect(JSON.stringify(scan)).not.toContain(SECRET);
    expect(scan).toMatchObject({ files: 2, lines: 3 });
    expect(scan.bytes).toBeGreaterThan(60);
  });

  it.each(secretForms(SECRET).map((form, i) => [i, form]))('finds form %i of the secret', (_i, form) => {
    capture('captured-9.log', [`http-response\t500 {"error":"x${form}y"}`]);
    expect(scanForSecrets(dir, { AUDIT_HMAC_KEY: SECRET }).hits).toHaveLength(1);
  });

  it('knows the base64, URL-encoded and unicodePwd forms', () => {
    const forms = secretForms('p@ss/word+1234');
    expect(forms).toEqual(
      expect.arrayContaining([
        'p%40ss%2Fword%2B1234',
        Buffer.from('p@ss/word+1234').toString('base64').replace(/=+$/, ''),
        Buffer.from('"p@ss/word+1234"', 'utf16le').toString('base64').replace(/=+$/, ''),
      ]),
    );
  });

  it('reports nothing on clean output, skips unset secrets and refuses ones too short to mean anything', () => {
    capture('captured-1.log', ['bot-log\t{"msg":"password [redacted]"}']);
    expect(
      scanForSecrets(dir, { LDAP_BIND_PASSWORD: SECRET, MicrosoftAppPassword: undefined }),
    ).toMatchObject({
      hits: [],
      secrets: ['LDAP_BIND_PASSWORD'],
    });
    expect(() => scanForSecrets(dir, { AUDIT_HMAC_KEY: 'abc' })).toThrow('too short');
  });

  it('reads the figures tests reported, in order', () => {
    writeFileSync(
      join(dir, 'figures.jsonl'),
      `${JSON.stringify({ text: 'second', at: 2 })}\n${JSON.stringify({ text: 'first', at: 1 })}\n`,
    );
    expect(readFigures(dir)).toEqual(['first', 'second']);
  });
});
