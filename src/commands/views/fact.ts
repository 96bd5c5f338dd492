/** One label/value row on a card; several values show one per line. Values are plain text (never markdown). */
export interface Fact {
  label: string;
  values: string[];
}

export function fact(label: string, value: string | readonly string[]): Fact {
  const values = typeof value === 'string' ? [value] : [...value];
  return { label, values: values.length > 0 ? values : ['none'] };
}
