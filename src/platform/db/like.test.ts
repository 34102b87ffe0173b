import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containsPattern, escapeLike } from './like.ts';

/** What PostgreSQL's LIKE does with a pattern (backslash escapes; % any text; _ any one character), as a RegExp. */
function likeToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const character = pattern.charAt(i);
    if (character === '\\') source += (pattern.charAt(++i) || '\\').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    else if (character === '%') source += '[\\s\\S]*';
    else if (character === '_') source += '[\\s\\S]';
    else source += character.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

describe('LIKE patterns from typed text', () => {
  it('escapes the wildcards and the escape character', () => {
    expect(escapeLike('50%_a\\')).toBe('50\\%\\_a\\\\');
    expect(containsPattern('50%_a\\')).toBe('%50\\%\\_a\\\\%');
    expect(containsPattern('')).toBe('%%');
  });

  it('matches a value exactly when the typed text is in it, whatever the text holds', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '%', '_', '\\', ' ') });
    fc.assert(
      fc.property(text, text, (typed, value) => {
        expect(likeToRegExp(containsPattern(typed)).test(value)).toBe(value.includes(typed));
      }),
    );
  });
});
