import { describe, expect, it } from 'vitest';
import { demoTexts } from './demo.ts';
import { detectIdentifiers } from './domain/identifiers.ts';

describe('the demo portfolio', () => {
  it('holds nothing the anonymisation guard would block, as a learner’s own entries could not', () => {
    const texts = demoTexts();
    expect(texts.length).toBeGreaterThan(30);
    const blocked = texts.filter((text) => detectIdentifiers(text).blocked);
    expect(blocked).toEqual([]);
  });
});
