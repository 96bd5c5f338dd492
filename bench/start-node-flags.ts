/**
 * The node options `npm start` runs the bot with: package.json's `start:node` script,
 * `node <options> dist/src/main.js`. The bench starts its bot process with the same options, so
 * its RSS figures are those of the process production runs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export function startNodeFlags(): string[] {
  const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  const script = manifest.scripts?.['start:node'] ?? '';
  const found = /\bnode((?:\s+--\S+)*)\s+dist\/src\/main\.js\b/.exec(script);
  if (found === null)
    throw new Error(`package.json start:node does not run node … dist/src/main.js: ${script}`);
  return (found[1] ?? '').split(/\s+/).filter((f) => f !== '');
}
