/** How an event is written in pages, mail and calendars: its times, in UK time, and its address. */
import type { Context } from '../../platform/context.ts';
import { formatDate, formatDateTime, formatTime } from '../../platform/web/format.ts';

export { formatTime };

/** "25 November 2026, 9:30am to 4:30pm", or both full times when the event runs past midnight. */
export function eventWhen(event: { startsAt: Date; endsAt: Date }): string {
  if (formatDate(event.startsAt) === formatDate(event.endsAt)) {
    return `${formatDate(event.startsAt)}, ${formatTime(event.startsAt)} to ${formatTime(event.endsAt)}`;
  }
  return `${formatDateTime(event.startsAt)} to ${formatDateTime(event.endsAt)}`;
}

/** The event's page at the site's own address: mail is read away from the site. */
export function eventLink(ctx: Context, id: string): string {
  return `${ctx.publicUrl}/events/${id}`;
}
