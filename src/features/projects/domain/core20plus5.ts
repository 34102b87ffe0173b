/**
 * NHS England's Core20PLUS5, the approach to reducing healthcare inequalities that a population health project names
 * as its focus: the Core20 (the most deprived 20% of the national population by the Index of Multiple
 * Deprivation), PLUS groups chosen locally, and five clinical areas, one set for adults and one for children and
 * young people.
 */

export const CORE20PLUS5_POPULATIONS = ['adults', 'children-and-young-people'] as const;
export type Core20Plus5Population = (typeof CORE20PLUS5_POPULATIONS)[number];

export const CORE20PLUS5_POPULATION_LABELS: Record<Core20Plus5Population, string> = {
  adults: 'Adults',
  'children-and-young-people': 'Children and young people',
};

/** Who a project is for: the Core20, a locally chosen PLUS group, or both. */
export const CORE20PLUS5_TARGET_GROUPS = ['core20', 'plus'] as const;
export type Core20Plus5TargetGroup = (typeof CORE20PLUS5_TARGET_GROUPS)[number];

export const CORE20PLUS5_TARGET_GROUP_LABELS: Record<Core20Plus5TargetGroup, string> = {
  core20: 'Core20: the most deprived 20% of the national population (Index of Multiple Deprivation deciles 1 and 2)',
  plus: 'PLUS: population groups chosen locally, for example ethnic minority communities, inclusion health groups, people with a learning disability and autistic people, or coastal communities',
};

export const CORE20PLUS5_AREAS = [
  'maternity',
  'severe-mental-illness',
  'chronic-respiratory-disease',
  'early-cancer-diagnosis',
  'hypertension-and-lipids',
  'cyp-asthma',
  'cyp-diabetes',
  'cyp-epilepsy',
  'cyp-oral-health',
  'cyp-mental-health',
] as const;
export type Core20Plus5Area = (typeof CORE20PLUS5_AREAS)[number];

export interface Core20Plus5AreaInfo {
  key: Core20Plus5Area;
  population: Core20Plus5Population;
  label: string;
}

export const CORE20PLUS5_AREA_INFO: Record<Core20Plus5Area, Core20Plus5AreaInfo> = {
  maternity: { key: 'maternity', population: 'adults', label: 'Maternity' },
  'severe-mental-illness': {
    key: 'severe-mental-illness',
    population: 'adults',
    label: 'Severe mental illness',
  },
  'chronic-respiratory-disease': {
    key: 'chronic-respiratory-disease',
    population: 'adults',
    label: 'Chronic respiratory disease',
  },
  'early-cancer-diagnosis': {
    key: 'early-cancer-diagnosis',
    population: 'adults',
    label: 'Early cancer diagnosis',
  },
  'hypertension-and-lipids': {
    key: 'hypertension-and-lipids',
    population: 'adults',
    label: 'Hypertension case-finding and optimal management, and lipid optimal management',
  },
  'cyp-asthma': { key: 'cyp-asthma', population: 'children-and-young-people', label: 'Asthma' },
  'cyp-diabetes': { key: 'cyp-diabetes', population: 'children-and-young-people', label: 'Diabetes' },
  'cyp-epilepsy': { key: 'cyp-epilepsy', population: 'children-and-young-people', label: 'Epilepsy' },
  'cyp-oral-health': { key: 'cyp-oral-health', population: 'children-and-young-people', label: 'Oral health' },
  'cyp-mental-health': { key: 'cyp-mental-health', population: 'children-and-young-people', label: 'Mental health' },
};

/** The clinical areas for one population, in NHS England's order. */
export function core20Plus5AreasFor(population: Core20Plus5Population): Core20Plus5AreaInfo[] {
  return CORE20PLUS5_AREAS.map((area) => CORE20PLUS5_AREA_INFO[area]).filter((info) => info.population === population);
}

/** "Asthma (children and young people)", for lists that show both populations. */
export function core20Plus5AreaLabel(area: Core20Plus5Area): string {
  const info = CORE20PLUS5_AREA_INFO[area];
  return `${info.label} (${CORE20PLUS5_POPULATION_LABELS[info.population].toLowerCase()})`;
}

export function isCore20Plus5Area(value: string): value is Core20Plus5Area {
  return (CORE20PLUS5_AREAS as readonly string[]).includes(value);
}

/** Whether an area of this IMD decile is in the Core20: deciles 1 and 2, the most deprived 20%. */
export function isCore20Decile(decile: number): boolean {
  return decile === 1 || decile === 2;
}

/** What a project may name as its Core20PLUS5 focus: the Core20 or PLUS population, or one of the clinical areas. */
export const CORE20_CHOICES: readonly { key: string; label: string }[] = [
  { key: 'core20', label: 'Core20: the most deprived 20% of the population' },
  { key: 'plus', label: 'PLUS: a population group chosen locally' },
  ...CORE20PLUS5_AREAS.map((area) => ({ key: area, label: core20Plus5AreaLabel(area) })),
];
