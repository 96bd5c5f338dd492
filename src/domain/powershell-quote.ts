/**
 * Quotes user text as a PowerShell single-quoted string literal. PowerShell treats the typographic
 * single quotes (U+2018–U+201B) as `'` too, so each of them is doubled as well; inside single quotes
 * nothing else is special (no `$` expansion, no backtick escapes).
 */
export function powershellQuote(text: string): string {
  return `'${text.replace(/['\u2018\u2019\u201A\u201B]/g, (quote) => quote + quote)}'`;
}
