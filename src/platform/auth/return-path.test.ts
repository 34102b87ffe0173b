import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { safeReturnPath } from './return-path.ts';

const APP = 'https://breadth.example.nhs.uk';

/** Where a browser on the app's own page would go if sent to this location. */
function browserTarget(location: string): URL {
  return new URL(location, `${APP}/some/page`);
}

describe('safeReturnPath', () => {
  it.each([
    ['/account', '/account'],
    ['/people?status=invited&page=2', '/people?status=invited&page=2'],
    ['/events/0190b4f2-7c2a-7000-8000-000000000000', '/events/0190b4f2-7c2a-7000-8000-000000000000'],
    ['/curriculum/../account', '/account'],
    ['/search?q=a%20b', '/search?q=a%20b'],
  ])('keeps a path on this site: %s', (value, expected) => {
    expect(safeReturnPath(value)).toBe(expected);
  });

  it.each([
    '//evil.example',
    '///evil.example',
    '/\\evil.example',
    '/\\/evil.example',
    '\\\\evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r\n/evil.example',
    '\t//evil.example',
    ' //evil.example',
    '/%09/evil.example',
    '/%2F%2Fevil.example',
    '/%2f/evil.example',
    '/%5C%5Cevil.example',
    '/%5c/evil.example',
    '/%0d%0a/evil.example',
    'https://evil.example/',
    'http:evil.example',
    '//evil.example/%2e%2e',
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'evil.example',
    '',
    '/\u0000/evil.example',
    '/\u0085/evil.example',
    '/%E0%A4%A', // malformed percent-encoding
    `/${'a'.repeat(600)}`,
    '/auth/sign-in',
    '/auth/sign-out',
    '/AUTH/../auth/set-password/x',
  ])('refuses %j', (value) => {
    expect(safeReturnPath(value)).toBeUndefined();
  });

  it('refuses anything that is not a string', () => {
    for (const value of [undefined, null, 1, ['/account'], { href: '/account' }]) {
      expect(safeReturnPath(value)).toBeUndefined();
    }
  });

  it('never sends a browser to another origin, whatever the value', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string().map((tail) => `/${tail}`),
          fc
            .array(fc.constantFrom('/', '\\', '\t', '\n', '%2f', '%5c', '%09', '.', 'evil.example', ':', '@', '?', '#'))
            .map((parts) => parts.join('')),
        ),
        (value) => {
          const kept = safeReturnPath(value);
          if (kept === undefined) return;
          expect(kept.startsWith('/')).toBe(true);
          expect(browserTarget(kept).origin).toBe(APP);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
