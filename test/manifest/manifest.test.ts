import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  COMMAND_LIMITS,
  MANIFEST_DIR,
  SCHEMA_URL,
  SCHEMA_VERSION,
  fillManifest,
  loadManifestSchema,
  parseCommands,
  validateManifest,
  type BotCommand,
  type ManifestValues,
  type TeamsManifest,
} from '../../scripts/app-package';
import { appPackageError } from './app-package-error';

const readJson = (name: string): unknown =>
  JSON.parse(readFileSync(path.join(MANIFEST_DIR, name), 'utf8')) as unknown;

const template = readJson('manifest.template.json');
const commands = parseCommands(readJson('commands.json'));
const values: ManifestValues = {
  BOT_ID: '3f2a1c9e-8b7d-4e6f-a5c4-1b2d3e4f5a6b',
  TEAMS_APP_ID: '0c5d4e3f-2a1b-4c9d-8e7f-6a5b4c3d2e1f',
  BOT_DOMAIN: 'warden.example.com',
  APP_VERSION: '1.2.3',
};
const filled = (): TeamsManifest => fillManifest(template, { ...values }, commands);
const schema = loadManifestSchema();

describe('Teams manifest', () => {
  it('fills from the template and validates against the packaged schema with no errors', async () => {
    const manifest = filled();
    expect(await validateManifest(manifest, schema)).toEqual([]);
    expect(manifest.manifestVersion).toBe(SCHEMA_VERSION);
    expect(manifest.$schema).toBe(SCHEMA_URL);
    expect(Number(SCHEMA_VERSION.split('.')[1])).toBeGreaterThanOrEqual(22);
  });

  it('leaves no placeholder and puts each value where it belongs', () => {
    const manifest = filled();
    expect(JSON.stringify(manifest)).not.toContain('${{');
    expect(manifest.id).toBe(values.TEAMS_APP_ID);
    expect(manifest.version).toBe(values.APP_VERSION);
    expect(manifest.bots?.[0]?.botId).toBe(values.BOT_ID);
    expect(manifest.validDomains).toEqual([values.BOT_DOMAIN]);
  });

  it('does not change the template it fills', () => {
    const before = JSON.stringify(template);
    filled();
    expect(JSON.stringify(template)).toBe(before);
    expect(before).toContain('${{BOT_ID}}');
  });

  it('declares a conversational bot in personal, team and group chat without files', () => {
    const bot = filled().bots?.[0];
    expect(bot?.scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(bot?.supportsFiles).toBe(false);
    expect(bot?.isNotificationOnly).toBe(false);
  });

  it('has one command list per scope, each exactly manifest/commands.json', () => {
    const lists = filled().bots?.[0]?.commandLists ?? [];
    expect(lists.map((l) => l.scopes)).toEqual([['personal'], ['team'], ['groupChat']]);
    const fromFile = readJson('commands.json') as BotCommand[];
    for (const list of lists) expect(list.commands).toEqual(fromFile);
  });

  it('keeps the commands within the Teams menu limits', () => {
    expect(commands.length).toBeLessThanOrEqual(COMMAND_LIMITS.maxCommands);
    expect(commands.map((c) => c.title)).toContain('help');
    for (const { title, description } of commands) {
      expect(title.length).toBeLessThanOrEqual(COMMAND_LIMITS.maxTitle);
      expect(description.length).toBeLessThanOrEqual(COMMAND_LIMITS.maxDescription);
    }
  });

  it('reports a missing bots[0].botId from the schema', async () => {
    const manifest = filled();
    delete (manifest.bots![0] as Partial<NonNullable<TeamsManifest['bots']>[number]>).botId;
    const problems = await validateManifest(manifest, schema);
    expect(problems.some((p) => p.startsWith('/bots/0 ') && p.includes('"missingProperty":"botId"'))).toBe(
      true,
    );
  });

  it('reports a bot id that is not a GUID and a command title over the schema limit', async () => {
    const manifest = filled();
    manifest.bots![0]!.botId = 'not-a-guid';
    manifest.bots![0]!.commandLists![0]!.commands[0]!.title = 'x'.repeat(129);
    const problems = await validateManifest(manifest, schema);
    expect(problems.some((p) => p.startsWith('/bots/0/botId '))).toBe(true);
    expect(
      problems.some((p) => p.startsWith('/bots/0/commandLists/0/commands/0/title must NOT have more')),
    ).toBe(true);
  });

  it('reports a 40-character command title and an 11th command against the Teams menu limits', async () => {
    const manifest = filled();
    const list = manifest.bots![0]!.commandLists![1]!;
    list.commands[2]!.title = 'y'.repeat(40);
    list.commands.push({ title: 'audit SRV01', description: 'Every check for one server.' });
    const problems = await validateManifest(manifest, schema);
    expect(problems.filter((p) => p.startsWith('/bots/0/commandLists/1/commands'))).toHaveLength(2);
  });

  it('refuses to fill a template whose placeholder has no value', () => {
    const { BOT_DOMAIN: _omitted, ...partial } = values;
    expect(appPackageError(() => fillManifest(template, partial, commands))).toMatchObject({
      reason: 'unfilled-placeholder',
    });
  });

  it('rejects a commands file that breaks the menu rules', () => {
    const tooMany = Array.from({ length: 11 }, (_, i) => ({ title: `cmd ${i}`, description: 'd' }));
    const noDescription = [{ title: 'help' }];
    const twice = [
      { title: 'help', description: 'a' },
      { title: 'Help', description: 'b' },
    ];
    for (const json of [tooMany, noDescription, twice, { commands: [] }]) {
      const error = appPackageError(() => parseCommands(json));
      expect(error.reason).toBe('invalid-commands');
    }
    expect(appPackageError(() => parseCommands(tooMany)).details).toHaveLength(1);
  });
});
