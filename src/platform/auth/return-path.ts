/**
 * Where a person may be sent back to after signing in: a path on this site, never another origin.
 *
 * The value comes from a query string, a cookie or a Referer header, so an attacker writes it. Checking its first
 * characters is not enough: browsers drop tabs and newlines from a URL and read a backslash as a slash, so
 * `/\t/evil.example` or `/\evil.example` reach another host. So the value is parsed as a browser would parse it,
 * against a stand-in origin, and kept only if it stays on that origin; what is returned is the parsed path, never the
 * raw text.
 */
const STAND_IN_ORIGIN = 'https://breadth.invalid';

// C0 controls, space and DEL, and the C1 controls: a browser strips or mangles these in a URL.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0020\u007f-\u009f]/;

function decoded(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

export function safeReturnPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > 500) return undefined;
  if (CONTROL.test(value) || value.includes('\\')) return undefined;
  if (!value.startsWith('/') || value.startsWith('//')) return undefined;
  let url: URL;
  try {
    url = new URL(value, STAND_IN_ORIGIN);
  } catch {
    return undefined;
  }
  if (url.origin !== STAND_IN_ORIGIN) return undefined;
  // Encoded slashes, backslashes or controls are harmless to a browser, but a proxy or a later redirect that decodes
  // the path once could turn them into `//host`: refuse them rather than reason about every hop.
  const path = decoded(url.pathname);
  if (path === undefined || CONTROL.test(path) || path.includes('\\') || path.startsWith('//')) return undefined;
  if (url.pathname === '/auth' || url.pathname.startsWith('/auth/')) return undefined;
  return `${url.pathname}${url.search}`;
}
