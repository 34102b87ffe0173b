import { Resvg } from '@resvg/resvg-js';
import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import {
  ASSURANCE_LABEL,
  ASSURANCE_TEXT,
  SPC_OUTLINES,
  VARIATION_LABEL,
  VARIATION_TEXT,
  VARIATIONS,
  assuranceIcon,
  variationIcon,
} from './spc-icons.ts';
import { ASSURANCES } from './spc-types.ts';

/** resvg's parser is strict XML: it refuses a stray "&" or an unclosed element, as a browser's SVG parser does. */
function expectWellFormed(svg: string): void {
  expect(() => new Resvg(svg, { font: { loadSystemFonts: false } })).not.toThrow();
}

describe('variation icons', () => {
  it.each(VARIATIONS)('%s is a well-formed image named by its text equivalent', (variation) => {
    const svg = variationIcon(variation);
    expectWellFormed(svg);
    const root = load(svg, { xml: true })('svg');
    expect(root.attr('role')).toBe('img');
    expect(root.attr('aria-label')).toBe(VARIATION_TEXT[variation]);
    expect(root.children('title').text()).toBe(VARIATION_TEXT[variation]);
    expect(root.attr('width')).toBe('48');
  });

  it('shows H for higher and L for lower, none for common cause, in the colour of improvement or concern', () => {
    const letter = (svg: string): string => load(svg, { xml: true })('text').text();
    expect(letter(variationIcon('improvement_high'))).toBe('H');
    expect(letter(variationIcon('concern_low'))).toBe('L');
    expect(letter(variationIcon('neutral_low'))).toBe('L');
    expect(letter(variationIcon('common_cause'))).toBe('');
    expect(variationIcon('improvement_low')).toContain(SPC_OUTLINES.improvement);
    expect(variationIcon('concern_high')).toContain(SPC_OUTLINES.concern);
    expect(variationIcon('neutral_high')).toContain(SPC_OUTLINES.neutral);
    expect(variationIcon('common_cause')).not.toContain(SPC_OUTLINES.improvement);
  });

  it('draws each variation differently, and says each in different words', () => {
    expect(new Set(VARIATIONS.map((variation) => variationIcon(variation))).size).toBe(VARIATIONS.length);
    expect(new Set(Object.values(VARIATION_TEXT)).size).toBe(VARIATIONS.length);
    expect(new Set(Object.values(VARIATION_LABEL)).size).toBe(VARIATIONS.length);
    expect(VARIATION_TEXT.improvement_high).toBe(
      'Special cause variation of an improving nature where the measure is significantly higher',
    );
  });

  it('is hidden from assistive technology when the page prints its words beside it, and takes a size', () => {
    const svg = variationIcon('concern_high', { decorative: true, size: 32 });
    expectWellFormed(svg);
    const root = load(svg, { xml: true })('svg');
    expect(root.attr('aria-hidden')).toBe('true');
    expect(root.attr('role')).toBeUndefined();
    expect(root.children('title')).toHaveLength(0);
    expect(root.attr('width')).toBe('32');
  });
});

describe('assurance icons', () => {
  it.each(ASSURANCES)('%s is a well-formed image named by its text equivalent', (assurance) => {
    const svg = assuranceIcon(assurance);
    expectWellFormed(svg);
    const root = load(svg, { xml: true })('svg');
    expect(root.attr('role')).toBe('img');
    expect(root.attr('aria-label')).toBe(ASSURANCE_TEXT[assurance]);
    expect(ASSURANCE_LABEL[assurance]).not.toBe('');
  });

  it('shows P, F or ? and says what each means', () => {
    const letter = (svg: string): string => load(svg, { xml: true })('text').text();
    expect(letter(assuranceIcon('consistent_pass'))).toBe('P');
    expect(letter(assuranceIcon('consistent_fail'))).toBe('F');
    expect(letter(assuranceIcon('inconsistent'))).toBe('?');
    expect(ASSURANCE_TEXT.consistent_pass).toBe('The system is expected to consistently pass the target');
    expect(ASSURANCE_TEXT.consistent_fail).toBe('The system is expected to consistently fail the target');
    expect(ASSURANCE_TEXT.inconsistent).toBe('The system may achieve or fail the target subject to random variation');
  });
});
