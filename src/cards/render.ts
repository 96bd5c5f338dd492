import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Template } from 'adaptivecards-templating';
import type { AdaptiveCardJson } from './card-reply';

/** Every template in `<repo>/cards/`; a test renders each one, so a new template cannot skip validation. */
export const cardTemplateNames = [
  'host',
  'account-list',
  'account',
  'not-found',
  'help',
  'error',
  'audit',
  'audit-privileged',
  'migration-candidates',
  'test-account',
  'fix-request',
  'access',
] as const;
export type CardTemplateName = (typeof cardTemplateNames)[number];

/** The repository root: the nearest folder above this file with a package.json (works from src/ and dist/src/). */
function findRepoRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'cards'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cards/ folder not found above ${start}`);
    dir = parent;
  }
}

const templates = new Map<CardTemplateName, Template>();
let cardsDir: string | undefined;

function templateFor(name: CardTemplateName): Template {
  let template = templates.get(name);
  if (template === undefined) {
    cardsDir ??= path.join(findRepoRoot(__dirname), 'cards');
    const json: unknown = JSON.parse(readFileSync(path.join(cardsDir, `${name}.json`), 'utf8'));
    template = new Template(json);
    templates.set(name, template);
  }
  return template;
}

function isCard(value: unknown): value is AdaptiveCardJson {
  if (typeof value !== 'object' || value === null) return false;
  const card = value as Record<string, unknown>;
  return card.type === 'AdaptiveCard' && typeof card.version === 'string' && Array.isArray(card.body);
}

/** Expands `cards/<template>.json` with `data` as `$root`. `data` is a view model of plain strings, arrays and flags. */
export function renderCard(template: CardTemplateName, data: object): AdaptiveCardJson {
  const expanded: unknown = templateFor(template).expand({ $root: data });
  if (!isCard(expanded)) throw new Error(`template ${template} did not expand to an Adaptive Card`);
  return expanded;
}
