/**
 * Writes manifest/color.png and manifest/outline.png (committed; re-run after changing the glyph).
 * Usage: node --import tsx scripts/make-icons.ts
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ICON_SPECS, iconProblems, renderIcon, type IconKind } from './app-icons';

const manifestDir = path.resolve(__dirname, '..', 'manifest');

for (const kind of Object.keys(ICON_SPECS) as IconKind[]) {
  const file = renderIcon[kind]();
  const problems = iconProblems(kind, file);
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
  const target = path.join(manifestDir, `${kind}.png`);
  writeFileSync(target, file);
  const { width, height } = ICON_SPECS[kind];
  console.log(`wrote ${path.relative(process.cwd(), target)} (${width}×${height}, ${file.length} bytes)`);
}
