import { isIP } from 'node:net';

/**
 * true for a host name or address only this machine can reach: `localhost`, 127.0.0.0/8 and ::1
 * (with or without the brackets of a URL's hostname; URL parsing already canonicalises both forms).
 */
export function isLoopbackHost(host: string): boolean {
  let name = host.trim().toLowerCase();
  if (name.startsWith('[') && name.endsWith(']')) name = name.slice(1, -1);
  if (name === 'localhost' || name === '::1') return true;
  return isIP(name) === 4 && name.startsWith('127.');
}
