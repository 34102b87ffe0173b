import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { MAX_PNG_WIDTH, PNG_FONT_FAMILY, svgToPng, svgToPngAsync } from './png.ts';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from the IHDR chunk, which always follows the signature. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  expect(String.fromCharCode(...png.subarray(12, 16))).toBe('IHDR');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** How many pixels are darker than mid grey, read back by decoding the PNG with resvg itself. */
function darkPixels(png: Buffer): number {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${String(pngSize(png).width)}" height="${String(pngSize(png).height)}"><image width="100%" height="100%" xlink:href="data:image/png;base64,${png.toString('base64')}"/></svg>`;
  const pixels = new Resvg(svg, { font: { loadSystemFonts: false } }).render().pixels;
  let dark = 0;
  for (let index = 0; index < pixels.length; index += 4) {
    const alpha = pixels[index + 3] ?? 0;
    if (alpha > 128 && (pixels[index] ?? 255) < 128) dark += 1;
  }
  return dark;
}

const textOnly = (family: string): string =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40" viewBox="0 0 200 40">` +
  `<rect width="200" height="40" fill="#ffffff"/>` +
  `<text x="10" y="28" font-family="${family}" font-size="20" fill="#000000">Mean 12.5 kg</text></svg>`;

describe('svgToPng', () => {
  it('writes a PNG at the SVG’s own size, or at the width asked with the height in proportion', () => {
    const own = svgToPng(textOnly('Arial, sans-serif'));
    expect([...own.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(pngSize(own)).toEqual({ width: 200, height: 40 });
    const wide = svgToPng(textOnly('Arial, sans-serif'), { width: 500 });
    expect([...wide.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(pngSize(wide)).toEqual({ width: 500, height: 100 });
  });

  it('draws text with its own font, whatever family the SVG names, without the machine’s fonts', () => {
    // An SVG of nothing but text: every dark pixel is a glyph. With no font found resvg would draw none.
    for (const family of ['Arial, Helvetica, sans-serif', 'serif', 'NoSuchFont', PNG_FONT_FAMILY]) {
      expect(darkPixels(svgToPng(textOnly(family))), family).toBeGreaterThan(200);
    }
    const blank = textOnly('Arial').replace('Mean 12.5 kg', '');
    expect(darkPixels(svgToPng(blank))).toBe(0);
  });

  it('draws the same bytes for the same SVG, as on any other machine with the same font files', () => {
    const svg = textOnly('Arial, Helvetica, sans-serif');
    expect(svgToPng(svg).equals(svgToPng(svg))).toBe(true);
  });

  it('renders off the main thread to the same PNG', async () => {
    const svg = textOnly('Arial, Helvetica, sans-serif');
    expect((await svgToPngAsync(svg, { width: 300 })).equals(svgToPng(svg, { width: 300 }))).toBe(true);
  });

  it('refuses widths that are not whole, not positive or too large, and SVG that is not well formed', () => {
    for (const width of [0, -5, 12.5, Number.NaN, MAX_PNG_WIDTH + 1]) {
      expect(() => svgToPng(textOnly('Arial'), { width })).toThrow(RangeError);
    }
    expect(() => svgToPng('<svg xmlns="http://www.w3.org/2000/svg"><g></svg>')).toThrow();
    expect(pngSize(svgToPng(textOnly('Arial'), { width: MAX_PNG_WIDTH })).width).toBe(MAX_PNG_WIDTH);
  });
});
