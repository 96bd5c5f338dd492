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
