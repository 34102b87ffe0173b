/** The model of a project's page: its plan, team, measures with their latest variation, and the use cases' sections. */
import type { Context } from '../../platform/context.ts';
import { organisationNamesOf } from '../organisations/index.ts';
import { CORE20_CHOICES, isCore20Decile } from './domain/core20plus5.ts';
import { decileLabel } from './domain/deprivation.ts';
import { decilesOfPostcodes } from './deprivation-repository.ts';
import {
  MEASURE_KIND_LABELS,
  MEMBER_ROLE_LABELS,
  PROJECT_AREA_LABELS,
  PROJECT_STAGE_HINTS,
  PROJECT_STAGE_LABELS,
  PROJECT_STAGES,
  PROJECT_STATUS_TAGS,
  aimPrompts,
} from './domain/projects.ts';
import { computeSpc } from './domain/spc.ts';
import { ASSURANCE_TEXT, VARIATION_TEXT, assuranceIcon, variationIcon } from './domain/spc-icons.ts';
import { variationSummary } from './domain/spc-chart.ts';
import type { ProjectAccess } from './policy.ts';
import * as repository from './repository.ts';
import { carbonSection } from './carbon-section.ts';
import { notesSection } from './notes-section.ts';
import { pdsaSection } from './pdsa-section.ts';
import { spcInputOf } from './measure-chart.ts';

export async function projectPage(ctx: Context, access: ProjectAccess) {
  const { project } = access;
  const [team, organisationIds, measures] = await Promise.all([
    repository.teamOf(ctx.db, project.id),
    repository.organisationIdsOf(ctx.db, project.id),
    repository.measuresOf(ctx.db, project.id),
  ]);
  const [organisationNames, points, sections] = await Promise.all([
    organisationNamesOf(ctx.db, organisationIds),
    repository.pointsOf(
      ctx.db,
      measures.map((measure) => measure.id),
    ),
    Promise.all([pdsaSection, carbonSection, notesSection].map((load) => load(ctx, access))),
  ]);
  const deprivation =
    project.postcode === null
      ? null
      : ((await decilesOfPostcodes(ctx.db, [project.postcode])).get(project.postcode) ?? null);
  const fellow =
    project.fellowUserId === null
      ? undefined
      : (await repository.userNamesOf(ctx.db, [project.fellowUserId])).get(project.fellowUserId);
  const stageIndex = PROJECT_STAGES.indexOf(project.stage);
  return {
    title: project.title,
    project,
    access,
    statusTag: PROJECT_STATUS_TAGS[project.status],
    area: PROJECT_AREA_LABELS[project.area],
    core20: CORE20_CHOICES.find((area) => area.key === project.core20Area)?.label ?? null,
    fellowName: fellow ?? null,
    deprivation:
      deprivation === null
        ? null
        : {
            text: `IMD decile ${decileLabel(deprivation.decile)}, ${deprivation.name}`,
            core20: isCore20Decile(deprivation.decile),
          },
    organisations: [...organisationNames.values()]
      .map((organisation) => organisation.name)
      .sort((a, b) => a.localeCompare(b)),
    aimPrompts: access.edit ? aimPrompts(project.aim) : [],
    stages: PROJECT_STAGES.map((stage, index) => ({
      label: PROJECT_STAGE_LABELS[stage],
      hint: PROJECT_STAGE_HINTS[stage],
      state: index < stageIndex ? 'done' : index === stageIndex ? 'current' : 'later',
    })),
    team: team.map((member) => ({ ...member, roleLabel: MEMBER_ROLE_LABELS[member.role] })),
    measures: measures.map((measure) => {
      const data = points.get(measure.id) ?? [];
      const result = data.length === 0 ? null : computeSpc(...spcInputOf(measure, data));
      const variation = result === null ? null : variationSummary(result, measure.improvement);
      return {
        ...measure,
        kindLabel: MEASURE_KIND_LABELS[measure.kind],
        count: data.length,
        variationIcon: variation === null ? null : variationIcon(variation, { decorative: true }),
        variationText: variation === null ? null : VARIATION_TEXT[variation],
        assuranceIcon: result?.assurance ? assuranceIcon(result.assurance, { decorative: true }) : null,
        assuranceText: result?.assurance ? ASSURANCE_TEXT[result.assurance] : null,
      };
    }),
    sections: sections.filter((section) => section !== null),
  };
}
