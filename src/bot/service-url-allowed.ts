import { isLoopbackHost } from '../config/is-loopback-host';

/**
 * Whether an anonymous-mode activity may name this `serviceUrl` (where the bot sends its answers):
 * a loopback http(s) URL, or one with the same origin as an entry of `allowed`. Without
 * authentication anyone who can reach the endpoint could otherwise have directory answers sent to a
 * server of their choosing.
 */
export function isServiceUrlAllowed(serviceUrl: unknown, allowed: readonly string[]): boolean {
  if (typeof serviceUrl !== 'string') return false;
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (url.username !== '' || url.password !== '') return false;
  if (isLoopbackHost(url.hostname)) return true;
  return allowed.some((entry) => {
    try {
      return new URL(entry).origin === url.origin;
    } catch {
      return false;
    }
  });
}
