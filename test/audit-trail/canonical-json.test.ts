import { canonicalJson } from '../../src/audit-trail/canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: [{ z: 1, y: 2 }, 3] })).toBe('{"a":[{"y":2,"z":1},3],"b":1}');
  });

  it('serialises as storage will: Dates as ISO strings, undefined dropped', () => {
    expect(canonicalJson({ at: new Date(0), gone: undefined })).toBe('{"at":"1970-01-01T00:00:00.000Z"}');
    expect(canonicalJson(undefined)).toBe('null');
  });
});

describe('canonicalJson and __proto__', () => {
  it('encodes a __proto__ member faithfully instead of dropping it', () => {
    const parsed: unknown = JSON.parse('{"b":1,"__proto__":{"admin":true},"a":[{"__proto__":2}]}');
    expect(canonicalJson(parsed)).toBe('{"__proto__":{"admin":true},"a":[{"__proto__":2}],"b":1}');
    // built in code with a computed key, as a caller might
    expect(canonicalJson({ ['__proto__']: 'x' })).toBe('{"__proto__":"x"}');
  });

  it('gives values that differ only inside __proto__ different texts', () => {
    const one: unknown = JSON.parse('{"__proto__":{"n":1}}');
    const two: unknown = JSON.parse('{"__proto__":{"n":2}}');
    expect(canonicalJson(one)).not.toBe(canonicalJson(two));
    expect(JSON.parse(canonicalJson(one))).toEqual(one);
  });
});
