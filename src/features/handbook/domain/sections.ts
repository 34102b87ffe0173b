/**
 * The handbook's sections, in the order they are read. Every section has a written part in Markdown (the
 * programme team's words); four also have a generated part drawn from the programme's own data when a version is
 * published, so that what the handbook says of the modules, posts, events and project areas is what the programme
 * holds. A generated section's written part is its introduction.
 */

export const GENERATED_KINDS = ['modules', 'posts', 'events', 'projects'] as const;
export type GeneratedKind = (typeof GENERATED_KINDS)[number];

export interface SectionDefinition {
  key: string;
  title: string;
  /** What the section is for, shown to the editor. */
  hint: string;
  generated: GeneratedKind | null;
}

export const SECTIONS: readonly SectionDefinition[] = [
  {
    key: 'background',
    title: 'Background',
    hint: 'Why the programme exists and what generalism means here.',
    generated: null,
  },
  {
    key: 'programme',
    title: 'The programme',
    hint: 'How the generalism posts, Enhance and change projects fit together over the years.',
    generated: null,
  },
  {
    key: 'expectations_doctors',
    title: 'What we expect of doctors',
    hint: 'What foundation doctors and specialty trainees commit to.',
    generated: null,
  },
  {
    key: 'expectations_supervisors',
    title: 'What we expect of supervisors',
    hint: 'Educational and clinical supervisors: meetings, sign-off, time.',
    generated: null,
  },
  {
    key: 'expectations_providers',
    title: 'What we expect of placement providers',
    hint: 'Trusts, practices and partner organisations hosting placements.',
    generated: null,
  },
  {
    key: 'learning_activities',
    title: 'The structure of learning activities',
    hint: 'How learning-event days, tasters, e-learning, reflection and projects meet the outcomes.',
    generated: null,
  },
  {
    key: 'modules',
    title: 'Modules and outcomes',
    hint: 'An introduction; the six modules and their outcomes at each stage follow from the curriculum.',
    generated: 'modules',
  },
  {
    key: 'posts',
    title: 'Posts and settings',
    hint: 'An introduction; the year’s posts and the settings they span follow from the placements.',
    generated: 'posts',
  },
  {
    key: 'events',
    title: 'This year’s learning events',
    hint: 'An introduction; the year’s scheduled events follow from the events calendar.',
    generated: 'events',
  },
  {
    key: 'projects',
    title: 'Change projects',
    hint: 'An introduction; the project areas follow from the projects.',
    generated: 'projects',
  },
  {
    key: 'assessment',
    title: 'Assessment and review',
    hint: 'Portfolio evidence, supervisor sign-off and the annual review.',
    generated: null,
  },
  {
    key: 'support',
    title: 'Support and wellbeing',
    hint: 'Who to turn to, and the help available.',
    generated: null,
  },
  { key: 'contacts', title: 'Contacts', hint: 'The programme team and how to reach them.', generated: null },
];

export const SECTION_KEYS: readonly string[] = SECTIONS.map((section) => section.key);

export function sectionDefinition(key: string): SectionDefinition | undefined {
  return SECTIONS.find((section) => section.key === key);
}
