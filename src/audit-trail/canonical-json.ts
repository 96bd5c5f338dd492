/**
 * JSON with object keys sorted at every level and no whitespace, so the same value always hashes the
 * same whatever order its keys were built in. Values go through JSON first (Dates → ISO strings,
 * undefined dropped), exactly as they will be stored. Every own key is encoded, `__proto__`
 * included: the text is built here rather than through an object whose setters could swallow a key.
 */
export function canonicalJson(value: unknown): string {
  return encode(toJsonValue(value));
}

/** The value as it will read back from storage (JSON round trip; JSON.parse keeps `__proto__` as an own key). */
export function toJsonValue<T>(value: T): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

function encode(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(encode).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${encode((value as Record<string, unknown>)[key])}`);
    return `{${members.join(',')}}`;
  }
  // after the JSON round trip only strings, finite numbers, booleans and null are left
  return JSON.stringify(value);
}
