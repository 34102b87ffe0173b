/**
 * Files the app sends rather than pages: spreadsheets and calendars, with the headers each kind needs, written once.
 * None is cached: they hold programme data that changes, and some hold personal data.
 */
import type { FastifyReply } from 'fastify';

/** A spreadsheet to save, as `filename`. Exports start with a byte-order mark so that Excel reads UTF-8. */
export function sendCsv(reply: FastifyReply, filename: string, csv: string): FastifyReply {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'no-store')
    .send(csv);
}

/**
 * An iCalendar file: one to save (`attachment`), or a private feed a calendar app subscribes to (`feed`), shown
 * inline and never passing its secret address on as a referrer.
 */
export function sendCalendar(
  reply: FastifyReply,
  filename: string,
  ics: string,
  kind: 'attachment' | 'feed',
): FastifyReply {
  const sent = reply
    .type('text/calendar; charset=utf-8')
    .header('content-disposition', `${kind === 'feed' ? 'inline' : 'attachment'}; filename="${filename}"`)
    .header('cache-control', 'private, no-store');
  return (kind === 'feed' ? sent.header('referrer-policy', 'no-referrer') : sent).send(ics);
}

/** A name turned into the part of a file name it gives: lower case, words joined by hyphens, nothing else. */
export function fileSlug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
