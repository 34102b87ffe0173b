import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import { formatDate, formatDateTime } from './format.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** nhsuk-frontend's templates: `nhsuk/components/<name>/macro.njk`. */
export const nhsukDist = path.resolve(path.dirname(require.resolve('nhsuk-frontend/package.json')), 'dist');
export const nhsukAssets = path.join(nhsukDist, 'nhsuk');
export const platformViews = path.join(here, 'views');
export const featuresDir = path.resolve(here, '../../features');
export const platformDir = path.resolve(here, '..');

/**
 * One Nunjucks environment for the whole app. Templates are named from the folder they live in:
 * `layout.njk` (platform/web/views), `organisations/views/list.njk` (a feature), `auth/views/sign-in.njk`
 * (a platform module's own views).
 */
export function createViewEnvironment(options: { watch?: boolean } = {}): nunjucks.Environment {
  const loader = new nunjucks.FileSystemLoader([platformViews, featuresDir, platformDir, nhsukDist], {
    watch: options.watch ?? false,
    noCache: false,
  });
  const env = new nunjucks.Environment(loader, { autoescape: true, throwOnUndefined: false });
  env.addFilter('date', formatDate);
  env.addFilter('dateTime', formatDateTime);
  env.addFilter('isoDate', (value: Date | string | null | undefined) => {
    if (value === null || value === undefined) return '';
    const date = value instanceof Date ? value : new Date(value);
    return Number.isNaN(date.getTime()) ? '' : date.toISOString();
  });
  env.addFilter(
    'pluralise',
    (count: number, singular: string, plural?: string) =>
      `${String(count)} ${count === 1 ? singular : (plural ?? `${singular}s`)}`,
  );
  env.addFilter('json', (value: unknown) => JSON.stringify(value, null, 2));
  env.addFilter('withFormToken', withFormToken);
  return env;
}

const SIGN_OUT_FORM = /<form\b[^>]*\baction="\/auth\/sign-out"[^>]*>/;

/**
 * The header's "Sign out" button is a form the design system's macro writes, with no place for a hidden field; this
 * puts the form token into it, so that sign-out is a plain POST carrying its token in the body (never in a URL, where
 * it would be logged). A test checks the field is there, in case the macro's markup changes.
 */
function withFormToken(html: unknown, token: unknown): nunjucks.runtime.SafeString {
  const value = String(token).replace(/[&<>"']/g, (c) => `&#${String(c.charCodeAt(0))};`);
  const field = `<input type="hidden" name="_csrf" value="${value}">`;
  return new nunjucks.runtime.SafeString(String(html).replace(SIGN_OUT_FORM, (form) => `${form}${field}`));
}
