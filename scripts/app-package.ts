/**
 * The Teams app package: manifest template + bot commands + environment → validated manifest → zip.
 * Pure parts are exported for tests; scripts/package-app.ts is the command line around them.
 * Validation is offline: the JSON schema comes from the @microsoft/app-manifest package, never the web.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';
import type { TeamsManifestV1D25 } from '@microsoft/app-manifest';
import JSZip from 'jszip';
import { iconProblems } from './app-icons';

export type TeamsManifest = TeamsManifestV1D25.TeamsManifestV1D25;
type ManifestSchema = NonNullable<Parameters<typeof AppManifestUtils.validateAgainstSchema>[1]>;

export const MANIFEST_DIR = path.resolve(__dirname, '..', 'manifest');
export const PACKAGE_FILE = path.join(MANIFEST_DIR, 'build', 'msa-warden.zip');
export const SCHEMA_VERSION = '1.25';
export const SCHEMA_URL = `https://developer.microsoft.com/en-us/json-schemas/teams/v${SCHEMA_VERSION}/MicrosoftTeams.schema.json`;

/**
 * Limits from the Teams bot command menu docs; the 1.25 schema itself allows 12 commands of 128/4000
 * characters, but older clients cut the menu at 10 and titles at 32.
 */
export const COMMAND_LIMITS = { maxCommands: 10, maxTitle: 32, maxDescription: 128 } as const;

export interface BotCommand {
  title: string;
  description: string;
}

/** Values for the template's `${{NAME}}` placeholders. */
export interface ManifestValues {
  BOT_ID: string;
  TEAMS_APP_ID: string;
  BOT_DOMAIN: string;
  APP_VERSION: string;
}

export type AppPackageErrorReason =
  | 'missing-setting'
  | 'invalid-setting'
  | 'unfilled-placeholder'
  | 'invalid-commands'
  | 'invalid-manifest'
  | 'invalid-icon'
  | 'schema-unavailable';

export class AppPackageError extends Error {
  /** Each problem found, when there are several (schema errors, command rules). */
  readonly details: readonly string[];
  /** The environment variable at fault, for missing-setting and invalid-setting. */
  readonly setting: string | undefined;

  constructor(
    readonly reason: AppPackageErrorReason,
    message: string,
    options: { details?: readonly string[]; setting?: string } = {},
  ) {
    super(message);
    this.name = 'AppPackageError';
    this.details = options.details ?? [];
    this.setting = options.setting;
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SEMVER = /^\d+\.\d+\.\d+$/;
const HOST_NAME = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
/** The settings `npm run package` reads besides MicrosoftAppId (documented in .env.example). */
export const PACKAGING_SETTINGS = ['BOT_DOMAIN', 'TEAMS_APP_ID', 'TEAMS_APP_VERSION'] as const;

const PLACEHOLDER = /\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/**
 * Reads the placeholder values from the environment. `MicrosoftAppId` is the bot's app id (also
 * the client id of a user-assigned managed identity); `TEAMS_APP_ID` defaults to it; `BOT_DOMAIN`
 * may be a host name or the messaging endpoint URL; `TEAMS_APP_VERSION` defaults to package.json's.
 */
export function valuesFromEnv(env: NodeJS.ProcessEnv, defaultVersion: string): ManifestValues {
  const botId = required(env, 'MicrosoftAppId', "the Azure Bot resource's Microsoft App ID (a GUID)");
  if (!GUID.test(botId)) {
    throw new AppPackageError('invalid-setting', `MicrosoftAppId must be a GUID, got "${botId}"`, {
      setting: 'MicrosoftAppId',
    });
  }
  const teamsAppId = env.TEAMS_APP_ID?.trim() || botId;
  if (!GUID.test(teamsAppId)) {
    throw new AppPackageError('invalid-setting', `TEAMS_APP_ID must be a GUID, got "${teamsAppId}"`, {
      setting: 'TEAMS_APP_ID',
    });
  }
  const domain = botDomain(
    required(env, 'BOT_DOMAIN', 'the public host name of the bot, e.g. bot.example.com'),
  );
  const version = env.TEAMS_APP_VERSION?.trim() || defaultVersion;
  if (!SEMVER.test(version)) {
    throw new AppPackageError(
      'invalid-setting',
      `TEAMS_APP_VERSION must look like 1.2.3 (Teams needs MAJOR.MINOR.PATCH), got "${version}"`,
      { setting: 'TEAMS_APP_VERSION' },
    );
  }
  return { BOT_ID: botId, TEAMS_APP_ID: teamsAppId, BOT_DOMAIN: domain, APP_VERSION: version };
}

function required(env: NodeJS.ProcessEnv, name: string, what: string): string {
  const value = env[name]?.trim();
  if (!value) {
    throw new AppPackageError('missing-setting', `${name} is not set: the Teams app package needs ${what}`, {
      setting: name,
    });
  }
  return value;
}

/** validDomains takes bare host names: accept the messaging endpoint URL too, and keep its host. */
function botDomain(raw: string): string {
  let host = raw;
  if (raw.includes('://')) {
    try {
      host = new URL(raw).hostname;
    } catch {
      throw new AppPackageError('invalid-setting', `BOT_DOMAIN is not a valid URL or host name: "${raw}"`, {
        setting: 'BOT_DOMAIN',
      });
    }
  }
  if (!HOST_NAME.test(host)) {
    throw new AppPackageError(
      'invalid-setting',
      `BOT_DOMAIN must be a host name such as bot.example.com (no path or port), got "${raw}"`,
      { setting: 'BOT_DOMAIN' },
    );
  }
  return host.toLowerCase();
}

/** Checks manifest/commands.json's shape and the Teams menu limits; returns the commands. */
export function parseCommands(json: unknown): BotCommand[] {
  if (!Array.isArray(json)) {
    throw new AppPackageError('invalid-commands', 'commands.json must be an array of { title, description }');
  }
  const commands: BotCommand[] = [];
  const problems: string[] = [];
  json.forEach((entry: unknown, i) => {
    const title: unknown = isRecord(entry) ? entry.title : undefined;
    const description: unknown = isRecord(entry) ? entry.description : undefined;
    if (typeof title !== 'string' || typeof description !== 'string') {
      problems.push(`/${i} must have a string title and a string description`);
      return;
    }
    commands.push({ title, description });
  });
  problems.push(...commandProblems(commands, ''));
  if (problems.length > 0) {
    throw new AppPackageError('invalid-commands', 'commands.json breaks the Teams command menu rules', {
      details: problems,
    });
  }
  return commands;
}

/** Teams command-menu limits the schema does not enforce; `at` prefixes each problem's JSON path. */
export function commandProblems(commands: readonly BotCommand[], at: string): string[] {
  const problems: string[] = [];
  if (commands.length === 0) problems.push(`${at} has no commands`);
  if (commands.length > COMMAND_LIMITS.maxCommands) {
    problems.push(`${at} has ${commands.length} commands, Teams shows at most ${COMMAND_LIMITS.maxCommands}`);
  }
  const seen = new Set<string>();
  commands.forEach(({ title, description }, i) => {
    if (title.trim() === '') problems.push(`${at}/${i}/title is empty`);
    if (title.length > COMMAND_LIMITS.maxTitle) {
      problems.push(
        `${at}/${i}/title "${title}" is ${title.length} characters, at most ${COMMAND_LIMITS.maxTitle}`,
      );
    }
    if (description.length > COMMAND_LIMITS.maxDescription) {
      problems.push(
        `${at}/${i}/description is ${description.length} characters, at most ${COMMAND_LIMITS.maxDescription}`,
      );
    }
    const key = title.toLowerCase();
    if (seen.has(key)) problems.push(`${at}/${i}/title "${title}" appears twice`);
    seen.add(key);
  });
  return problems;
}

/**
 * Fills every `${{NAME}}` in the template's strings (a deep copy; the template is not changed) and
 * puts the bot commands into each of the bot's command lists. Throws when a placeholder has no value.
 */
export function fillManifest(
  template: unknown,
  values: Readonly<Record<string, string>>,
  commands: readonly BotCommand[],
): TeamsManifest {
  const unfilled = new Set<string>();
  const fill = (node: unknown): unknown => {
    if (typeof node === 'string') {
      return node.replace(PLACEHOLDER, (match, name: string) => {
        const value = values[name];
        if (value === undefined) {
          unfilled.add(name);
          return match;
        }
        return value;
      });
    }
    if (Array.isArray(node)) return node.map(fill);
    if (isRecord(node)) return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, fill(v)]));
    return node;
  };
  const filled = fill(template);
  if (unfilled.size > 0) {
    throw new AppPackageError(
      'unfilled-placeholder',
      `the manifest template has placeholders without a value: ${[...unfilled].join(', ')}`,
    );
  }
  if (!isRecord(filled))
    throw new AppPackageError('invalid-manifest', 'the manifest template is not a JSON object');
  const manifest = filled as unknown as TeamsManifest;
  for (const bot of manifest.bots ?? []) {
    for (const list of bot.commandLists ?? []) {
      list.commands = commands.map((c) => ({ ...c }));
    }
  }
  return manifest;
}

/** The Teams manifest JSON schema shipped inside @microsoft/app-manifest (no network). */
export function loadManifestSchema(version: string = SCHEMA_VERSION): ManifestSchema {
  const file = path.join(
    path.dirname(require.resolve('@microsoft/app-manifest')),
    'json-schemas',
    'teams',
    `v${version}`,
    'MicrosoftTeams.schema.json',
  );
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch {
    throw new AppPackageError(
      'schema-unavailable',
      `the Teams manifest schema v${version} is not in @microsoft/app-manifest (${file})`,
    );
  }
  // Same clean-up the package applies: the published schema has \a and \v escapes JSON does not allow.
  return JSON.parse(raw.replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b')) as ManifestSchema;
}

/** Schema errors plus the Teams rules the schema leaves out; empty when the manifest is good. */
export async function validateManifest(
  manifest: TeamsManifest,
  schema = loadManifestSchema(),
): Promise<string[]> {
  const problems = await AppManifestUtils.validateAgainstSchema(manifest, schema);
  if (manifest.manifestVersion !== SCHEMA_VERSION || manifest.$schema !== SCHEMA_URL) {
    problems.push(`/manifestVersion and /$schema must name schema v${SCHEMA_VERSION} (${SCHEMA_URL})`);
  }
  const text = JSON.stringify(manifest);
  for (const match of text.matchAll(PLACEHOLDER)) problems.push(`placeholder ${match[0]} is not filled`);
  (manifest.bots ?? []).forEach((bot, b) => {
    (bot.commandLists ?? []).forEach((list, l) => {
      problems.push(...commandProblems(list.commands, `/bots/${b}/commandLists/${l}/commands`));
    });
  });
  return problems;
}

export interface AppPackageContents {
  manifest: TeamsManifest;
  /** Icon files by the names the manifest gives them (icons.color, icons.outline). */
  icons: Readonly<Record<string, Buffer>>;
}

/** Fixed entry date so the same inputs give the same zip bytes. */
const ZIP_DATE = new Date(Date.UTC(2025, 0, 1));

/** The zip Teams accepts: manifest.json and the two icons, all at the root. */
export async function buildAppPackage({ manifest, icons }: AppPackageContents): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`, { date: ZIP_DATE });
  for (const name of [manifest.icons.color, manifest.icons.outline]) {
    const file = icons[name];
    if (!file)
      throw new AppPackageError('invalid-icon', `icon file ${name} named in the manifest is missing`);
    if (name.includes('/') || name.includes('\\')) {
      throw new AppPackageError('invalid-icon', `icon ${name} must sit at the package root`);
    }
    zip.file(name, file, { date: ZIP_DATE, binary: true });
  }
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', platform: 'DOS' });
}

export interface CreatedAppPackage {
  manifest: TeamsManifest;
  zip: Buffer;
}

/**
 * Everything `npm run package` does except writing the file: read the template, commands and icons
 * from `manifestDir`, fill from `env`, validate (throws with every problem listed), zip.
 */
export async function createAppPackage(
  env: NodeJS.ProcessEnv,
  options: { manifestDir?: string; defaultVersion?: string } = {},
): Promise<CreatedAppPackage> {
  const dir = options.manifestDir ?? MANIFEST_DIR;
  const values = valuesFromEnv(env, options.defaultVersion ?? packageVersion());
  const commands = parseCommands(readJson(path.join(dir, 'commands.json')));
  const manifest = fillManifest(readJson(path.join(dir, 'manifest.template.json')), { ...values }, commands);
  const problems = await validateManifest(manifest);
  if (problems.length > 0) {
    throw new AppPackageError('invalid-manifest', 'the Teams manifest does not validate', {
      details: problems,
    });
  }
  const icons: Record<string, Buffer> = {};
  const iconIssues: string[] = [];
  for (const [kind, name] of [
    ['color', manifest.icons.color],
    ['outline', manifest.icons.outline],
  ] as const) {
    const file = readIcon(path.join(dir, name));
    iconIssues.push(...iconProblems(kind, file));
    icons[name] = file;
  }
  if (iconIssues.length > 0) {
    throw new AppPackageError('invalid-icon', 'the app icons break the Teams rules', { details: iconIssues });
  }
  return { manifest, zip: await buildAppPackage({ manifest, icons }) };
}

function readIcon(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch {
    throw new AppPackageError(
      'invalid-icon',
      `icon ${file} is missing: run node --import tsx scripts/make-icons.ts`,
    );
  }
}

function packageVersion(): string {
  const pkg = readJson(path.resolve(__dirname, '..', 'package.json'));
  return isRecord(pkg) && typeof pkg.version === 'string' ? pkg.version : '1.0.0';
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
