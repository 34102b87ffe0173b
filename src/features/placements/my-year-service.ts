/** A learner's own year: their posts and placements ("my year"), and its private iCalendar feed. */
import type { Db } from '../../platform/db/client.ts';
import { audit } from '../../platform/audit/audit.ts';
import { hashToken, newToken } from '../../platform/auth/tokens.ts';
import { calendar, type AllDayEvent } from '../../shared/ical.ts';
import { SETTING_LABELS } from './domain/rotation.ts';
import * as repository from './repository.ts';
import type { PlacementDetail, PostDetail } from './repository.ts';
import * as myYearRepository from './my-year-repository.ts';
import type { ServiceContext } from './service.ts';

export interface LearnerYear {
  post: PostDetail;
  placements: PlacementDetail[];
}

/** The learner's posts, newest first: what "my year" and the calendar show. */
export async function learnerYears(db: Db, learnerUserId: string): Promise<LearnerYear[]> {
  const assignments = await myYearRepository.assignmentsOf(db, learnerUserId);
  const result: LearnerYear[] = [];
  for (const assignment of assignments) {
    const post = await repository.findPost(db, assignment.postId);
    if (post === undefined || post.archivedAt !== null) continue;
    result.push({ post, placements: await repository.listPlacements(db, [post.id]) });
  }
  return result;
}

export async function calendarStatus(db: Db, userId: string): Promise<{ createdAt: Date } | undefined> {
  return myYearRepository.calendarTokenOf(db, userId);
}

/** A new private calendar link for the learner; any earlier one stops working. Only its hash is kept. */
export async function issueCalendarToken(context: ServiceContext, reset: boolean): Promise<string> {
  const token = newToken();
  await context.db.transaction(async (tx) => {
    await myYearRepository.saveCalendarToken(tx, context.principal.userId, hashToken(token), context.now);
    await audit(
      tx,
      context.actor,
      {
        action: 'security',
        entityType: 'calendar_token',
        entityId: context.principal.userId,
        summary: reset
          ? 'Reset the private link of the "my year" calendar'
          : 'Made a private link of the "my year" calendar',
      },
      context.now,
    );
  });
  return token;
}

function placementPlace(placement: PlacementDetail): string {
  return placement.site === null ? placement.organisationName : `${placement.site.name}, ${placement.organisationName}`;
}

/** The iCalendar feed behind a private link, or null when the link is not (or no longer) valid. */
export async function calendarFeed(db: Db, token: string, now: Date): Promise<string | null> {
  const userId = await myYearRepository.userByCalendarToken(db, hashToken(token));
  if (userId === undefined) return null;
  const years = await learnerYears(db, userId);
  const events: AllDayEvent[] = [];
  for (const { post, placements } of years) {
    for (const placement of placements) {
      const where = placementPlace(placement);
      const address =
        placement.site === null
          ? undefined
          : [
              placement.site.name,
              placement.site.addressLine1,
              placement.site.addressLine2,
              placement.site.town,
              placement.site.postcode,
            ]
              .filter((part): part is string => part !== null && part !== '')
              .join(', ');
      const description = [
        `Post ${post.code}: ${post.title}`,
        `${SETTING_LABELS[placement.setting]}, ${String(placement.sessionsPerWeek)} sessions a week`,
        placement.supervisor === null
          ? null
          : `Clinical supervisor: ${placement.supervisor.name} (${placement.supervisor.email})`,
      ]
        .filter((line): line is string => line !== null)
        .join('\n');
      const common = { description, ...(address === undefined ? {} : { location: address }) };
      events.push(
        {
          uid: `${placement.id}-start@breadth`,
          date: placement.startsOn,
          summary: `Placement starts: ${placement.specialty}, ${where}`,
          ...common,
        },
        {
          uid: `${placement.id}-end@breadth`,
          date: placement.endsOn,
          summary: `Placement ends: ${placement.specialty}, ${where}`,
          ...common,
        },
      );
    }
  }
  events.sort((a, b) => a.date.localeCompare(b.date));
  return calendar('My year (Breadth)', events, now);
}
