/**
 * The "Making Data Count" summary icons for a measure: what the latest point's variation is, and whether the
 * process can be expected to meet its target. Each icon is a small inline SVG with an accessible name, and each has
 * the same words as text (VARIATION_TEXT, ASSURANCE_TEXT) so a page can say what the icon shows. The drawings are
 * our own, in the spirit of NHS England's: a ring in the variation's colour with a small run of points and the
 * letter H (higher) or L (lower); for assurance a ring with P (pass), F (fail) or ? (hit and miss) over a target line.
 */

import type { Assurance } from './spc-types.ts';

export const VARIATIONS = [
  'common_cause',
  'improvement_high',
  'improvement_low',
  'concern_high',
  'concern_low',
  'neutral_high',
  'neutral_low',
] as const;
export type Variation = (typeof VARIATIONS)[number];

/** Making Data Count's colours: grey for common cause, blue for improvement, orange for concern, purple for neutral. */
export const SPC_COLOURS = {
  common: '#a6a6a6',
  improvement: '#41b6e6',
  improvementDark: '#289de0',
  concern: '#ed8b00',
  neutral: '#490092',
} as const;

/** Darker shades for outlines and letters, so they keep a 3:1 contrast on white where the fill colours alone do not. */
export const SPC_OUTLINES = {
  common: '#6f6f6f',
  improvement: '#1a6fa6',
  concern: '#a35f00',
  neutral: '#490092',
} as const;

export const VARIATION_TEXT: Record<Variation, string> = {
  common_cause: 'Common cause variation: no significant change',
  improvement_high: 'Special cause variation of an improving nature where the measure is significantly higher',
  improvement_low: 'Special cause variation of an improving nature where the measure is significantly lower',
  concern_high: 'Special cause variation of a concerning nature where the measure is significantly higher',
  concern_low: 'Special cause variation of a concerning nature where the measure is significantly lower',
  neutral_high: 'Special cause variation, neither improving nor concerning, where the measure is significantly higher',
  neutral_low: 'Special cause variation, neither improving nor concerning, where the measure is significantly lower',
};

export const ASSURANCE_TEXT: Record<Assurance, string> = {
  consistent_pass: 'The system is expected to consistently pass the target',
  consistent_fail: 'The system is expected to consistently fail the target',
  inconsistent: 'The system may achieve or fail the target subject to random variation',
};

/** Short names for the icons' tooltips and headings. */
export const VARIATION_LABEL: Record<Variation, string> = {
  common_cause: 'Common cause variation',
  improvement_high: 'Improvement (higher)',
  improvement_low: 'Improvement (lower)',
  concern_high: 'Concern (higher)',
  concern_low: 'Concern (lower)',
  neutral_high: 'Special cause (higher)',
  neutral_low: 'Special cause (lower)',
};

export const ASSURANCE_LABEL: Record<Assurance, string> = {
  consistent_pass: 'Consistently passes the target',
  consistent_fail: 'Consistently fails the target',
  inconsistent: 'Hit and miss against the target',
};

const FONT = 'Arial, Helvetica, Roboto, sans-serif';

interface IconStyle {
  fill: string;
  outline: string;
}

function variationStyle(variation: Variation): IconStyle {
  if (variation === 'common_cause') return { fill: SPC_COLOURS.common, outline: SPC_OUTLINES.common };
  if (variation.startsWith('improvement')) return { fill: SPC_COLOURS.improvement, outline: SPC_OUTLINES.improvement };
  if (variation.startsWith('concern')) return { fill: SPC_COLOURS.concern, outline: SPC_OUTLINES.concern };
  return { fill: SPC_COLOURS.neutral, outline: SPC_OUTLINES.neutral };
}

function escapeAttribute(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

/** How an icon is drawn: its size in pixels (48 unless given), and whether the page already says it in words. */
export interface IconOptions {
  size?: number;
  /** The page prints the text equivalent beside the icon: hide the icon from assistive technology. */
  decorative?: boolean;
}

function iconFrame(options: IconOptions, name: string, body: string): string {
  const size = String(options.size ?? 48);
  const open = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="${size}" height="${size}" focusable="false"`;
  if (options.decorative === true) return `${open} aria-hidden="true">${body}</svg>`;
  const label = escapeAttribute(name);
  return `${open} role="img" aria-label="${label}"><title>${label}</title>${body}</svg>`;
}

/** Seven points of a small run chart, y in the icon's coordinates; the last ones are the special cause. */
function runOfPoints(ys: number[], special: number, style: IconStyle): string {
  const xs = ys.map((_, index) => 22 + index * 9.3);
  const line = ys.map((y, index) => `${(xs[index] ?? 0).toFixed(1)},${String(y)}`).join(' ');
  const dots = ys
    .map((y, index) => {
      const colour = index >= ys.length - special ? style.fill : SPC_COLOURS.common;
      const stroke = index >= ys.length - special ? style.outline : SPC_OUTLINES.common;
      return `<circle cx="${(xs[index] ?? 0).toFixed(1)}" cy="${String(y)}" r="4" fill="${colour}" stroke="${stroke}" stroke-width="1"/>`;
    })
    .join('');
  return `<polyline points="${line}" fill="none" stroke="#768692" stroke-width="1.5"/>${dots}`;
}

/** The variation icon, named by its text equivalent (VARIATION_TEXT) unless decorative. */
export function variationIcon(variation: Variation, options: IconOptions = {}): string {
  const style = variationStyle(variation);
  const ring = `<circle cx="50" cy="50" r="45" fill="#ffffff" stroke="${style.outline}" stroke-width="6"/>`;
  if (variation === 'common_cause') {
    const points = runOfPoints([62, 56, 64, 58, 63, 55, 61], 0, style);
    return iconFrame(options, VARIATION_TEXT[variation], ring + points);
  }
  const high = variation.endsWith('_high');
  // A run that jumps up (or down) for its last three points; the letter sits in the space the run leaves.
  const ys = high ? [50, 48, 51, 49, 36, 34, 32] : [50, 52, 49, 51, 64, 66, 68];
  const letterY = high ? 80 : 38;
  const letter =
    `<text x="50" y="${String(letterY)}" text-anchor="middle" font-family="${FONT}" font-size="26" ` +
    `font-weight="bold" fill="${style.outline}">${high ? 'H' : 'L'}</text>`;
  return iconFrame(options, VARIATION_TEXT[variation], ring + runOfPoints(ys, 3, style) + letter);
}

/** The assurance icon, named by its text equivalent (ASSURANCE_TEXT) unless decorative. */
export function assuranceIcon(assurance: Assurance, options: IconOptions = {}): string {
  const style: IconStyle =
    assurance === 'consistent_pass'
      ? { fill: SPC_COLOURS.improvement, outline: SPC_OUTLINES.improvement }
      : assurance === 'consistent_fail'
        ? { fill: SPC_COLOURS.concern, outline: SPC_OUTLINES.concern }
        : { fill: SPC_COLOURS.common, outline: SPC_OUTLINES.common };
  const letter = assurance === 'consistent_pass' ? 'P' : assurance === 'consistent_fail' ? 'F' : '?';
  const body =
    `<circle cx="50" cy="50" r="45" fill="#ffffff" stroke="${style.outline}" stroke-width="6"/>` +
    `<line x1="18" y1="70" x2="82" y2="70" stroke="${style.outline}" stroke-width="3" stroke-dasharray="6 4"/>` +
    `<text x="50" y="60" text-anchor="middle" font-family="${FONT}" font-size="40" font-weight="bold" ` +
    `fill="${style.outline}">${letter}</text>`;
  return iconFrame(options, ASSURANCE_TEXT[assurance], body);
}
