const numberWords = new Intl.NumberFormat('en-US');

/** `1 finding`, `1,204 findings`. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${numberWords.format(count)} ${count === 1 ? one : many}`;
}

/** `1,204`: counts on cards, grouped like the words around them. */
export function countWords(count: number): string {
  return numberWords.format(count);
}
