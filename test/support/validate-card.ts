import { createRequire } from 'node:module';
import type * as AdaptiveCards from 'adaptivecards';

/*
 * The official parser, from its UMD bundle: the package's `lib/` entry is ESM with extension-less
 * imports and does not load in Node (DESIGN §3). The bundle loads in plain Node without a DOM shim;
 * only render() needs a document, and validation never renders.
 */
const AC = createRequire(__filename)('adaptivecards/dist/adaptivecards.js') as typeof AdaptiveCards;

const SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

/** What the official parser does not check but Teams or our templates need. */
function structuralProblems(card: unknown): string[] {
  const problems: string[] = [];
  if (typeof card !== 'object' || card === null || Array.isArray(card)) return ['card is not a JSON object'];
  const root = card as Record<string, unknown>;
  if (root.type !== 'AdaptiveCard') problems.push('type must be "AdaptiveCard"');
  if (root.version !== '1.5')
    problems.push(`version must be "1.5" (Teams renders up to 1.5), got ${String(root.version)}`);
  if (root.$schema !== SCHEMA) problems.push(`$schema must be ${SCHEMA}`);
  const walk = (value: unknown, at: string): void => {
    if (value === null) {
      problems.push(`${at} is null (a template field without data?)`);
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, `${at}[${i}]`));
    } else if (typeof value === 'object') {
      const node = value as Record<string, unknown>;
      for (const key of ['$data', '$when']) if (key in node) problems.push(`${at}.${key} was not expanded`);
      if (typeof node.type === 'string' && node.type.startsWith('Action.')) {
        if (typeof node.title !== 'string' || node.title === '') problems.push(`${at} has no title`);
        if (node.type === 'Action.Execute' && (typeof node.verb !== 'string' || node.verb === '')) {
          problems.push(`${at} is an Action.Execute without a verb`);
        }
        if (node.type === 'Action.Submit')
          problems.push(`${at}: use Action.Execute (universal actions), not Action.Submit`);
      }
      if ((node.type === 'TextBlock' || node.type === 'TextRun') && typeof node.text !== 'string') {
        problems.push(`${at}.text must be a string`);
      }
      for (const [key, child] of Object.entries(node)) walk(child, `${at}.${key}`);
    }
  };
  walk(card, '$');
  return problems;
}

/**
 * Every problem the official `adaptivecards` parser (target version 1.5) reports for `card`, parse
 * events and validation events, plus a few structural checks. Empty means valid.
 */
export function validateCard(card: unknown): string[] {
  const problems = structuralProblems(card);
  const adaptiveCard = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  adaptiveCard.parse(card, context);
  for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
  for (const event of adaptiveCard.validateProperties().validationEvents) problems.push(event.message);
  return problems;
}

export { cardBytes } from '../../src/cards/card-bytes';
