/**
 * SVG to PNG, for the charts the server draws (an SPC chart's PNG download). resvg renders in Rust, with no browser.
 *
 * Text is drawn with the Roboto font files shipped in an npm package and never with the machine's own fonts, so a
 * fresh server or CI machine with no fonts installed draws the same PNG as a developer's. An SVG asking for Arial or
 * any other family it does not have falls back to Roboto, as do the generic families (sans-serif and the rest).
 *
 * Only for SVG the server itself has drawn: resvg would follow an `<image href>` to a file, so this is not a
 * converter for SVG a user uploads.
 */
import { createRequire } from 'node:module';
import { Resvg, renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';

/** The family name of the font the PNG renderer ships with; SVGs may name it after their preferred families. */
export const PNG_FONT_FAMILY = 'Roboto';

const require = createRequire(import.meta.url);
const FONT_FILES = [
  require.resolve('@expo-google-fonts/roboto/400Regular/Roboto_400Regular.ttf'),
  require.resolve('@expo-google-fonts/roboto/700Bold/Roboto_700Bold.ttf'),
  require.resolve('@expo-google-fonts/roboto/400Regular_Italic/Roboto_400Regular_Italic.ttf'),
];

/** A PNG wider than this is refused: a width comes from a query string, and memory grows with its square. */
export const MAX_PNG_WIDTH = 4000;

export interface PngOptions {
  /** The PNG's width in pixels, the height following the SVG's proportions; the SVG's own width unless given. */
  width?: number;
}

function renderOptions(options: PngOptions): ResvgRenderOptions {
  const { width } = options;
  if (width !== undefined && (!Number.isInteger(width) || width < 1 || width > MAX_PNG_WIDTH)) {
    throw new RangeError(`A PNG width must be a whole number from 1 to ${String(MAX_PNG_WIDTH)}, not ${String(width)}`);
  }
  return {
    fitTo: width === undefined ? { mode: 'original' } : { mode: 'width', value: width },
    font: {
      loadSystemFonts: false,
      fontFiles: FONT_FILES,
      defaultFontFamily: PNG_FONT_FAMILY,
      sansSerifFamily: PNG_FONT_FAMILY,
      serifFamily: PNG_FONT_FAMILY,
      monospaceFamily: PNG_FONT_FAMILY,
      cursiveFamily: PNG_FONT_FAMILY,
      fantasyFamily: PNG_FONT_FAMILY,
    },
    logLevel: 'off',
  };
}

/** The SVG as PNG bytes, rendered on the calling thread (tests, scripts). Throws on SVG that is not well formed. */
export function svgToPng(svg: string, options: PngOptions = {}): Buffer {
  return new Resvg(svg, renderOptions(options)).render().asPng();
}

/** The same, rendered on libuv's thread pool so a request does not hold up the server while it draws. */
export async function svgToPngAsync(svg: string, options: PngOptions = {}): Promise<Buffer> {
  const image = await renderAsync(svg, renderOptions(options));
  return image.asPng();
}
