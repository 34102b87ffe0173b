/** The project page's section of change ideas and PDSA cycles, and how a cycle is shown in a list or on its page. */
import { nhsDate, nhsDateRange } from '../../shared/dates.ts';
import { CYCLE_STATE_HINTS, CYCLE_STATE_TAGS, DECISION_TAGS, cycleState, cyclesPerIdea } from './domain/pdsa.ts';
import { PDSA_DECISION_LABELS } from './domain/projects.ts';
import type { ChangeIdea, PdsaCycle } from './pdsa-repository.ts';
import * as pdsa from './pdsa-repository.ts';
import { londonToday } from '../../shared/london-time.ts';
import type { SectionLoader } from './sections.ts';

/** A cycle with its state, decision and change idea in words. */
export function cycleView(cycle: PdsaCycle, today: string, ideas: readonly ChangeIdea[]) {
  const state = cycleState(cycle, today);
  return {
    ...cycle,
    state,
    stateTag: CYCLE_STATE_TAGS[state],
    stateHint: CYCLE_STATE_HINTS[state],
    decisionTag: cycle.decision === null ? null : DECISION_TAGS[cycle.decision],
    decisionLabel: cycle.decision === null ? null : PDSA_DECISION_LABELS[cycle.decision],
    dates: cycle.endsOn === null ? `From ${nhsDate(cycle.startsOn)}` : nhsDateRange(cycle.startsOn, cycle.endsOn),
    idea: ideas.find((idea) => idea.id === cycle.changeIdeaId)?.description ?? null,
  };
}

/** The change ideas with how many cycles tested each, and the cycles in date order. */
export const pdsaSection: SectionLoader = async (ctx, access) => {
  const { project } = access;
  const [ideas, cycles] = await Promise.all([pdsa.ideasOf(ctx.db, project.id), pdsa.cyclesOf(ctx.db, project.id)]);
  const today = londonToday(ctx.now);
  const tested = cyclesPerIdea(cycles);
  return {
    template: 'projects/views/section-pdsa.njk',
    model: {
      project,
      edit: access.edit,
      ideas: ideas.map((idea) => ({ ...idea, cycles: tested.get(idea.id) ?? 0 })),
      cycles: cycles.map((cycle) => cycleView(cycle, today, ideas)),
    },
  };
};
