/**
 * How the kinds with journeys of their own (supervised learning events, multi-source feedback, supervisor meetings)
 * are shown on the entry page: each kind's model for its `show-<kind>.njk`, from its own module.
 */
import type { Context } from '../../platform/context.ts';
import type { EntryAccess } from './policy.ts';
import { meetingKindView } from './meetings-routes.ts';
import { msfEntryView } from './msf-routes.ts';
import { sleView } from './sle-service.ts';

export type KindView = (ctx: Context, access: EntryAccess) => Promise<Record<string, unknown>>;

export const KIND_VIEWS: Partial<Record<string, KindView>> = {
  sle: sleView,
  msf: msfEntryView,
  supervisor_meeting: meetingKindView,
};
