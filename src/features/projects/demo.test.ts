import { describe, expect, it } from 'vitest';
import { DEMO_SUPPORT_MESSAGE, demoProjects } from './demo.ts';
import { computeSpc } from './domain/spc.ts';
import { SEED_CARBON_FACTORS } from './domain/carbon-factors.ts';
import { patientIdentifierProblem } from '../portfolio/index.ts';

describe('the demo projects', () => {
  const projects = demoProjects();

  it('are six, across both areas and every SusQI stage, two of them completed and on the showcase', () => {
    expect(projects).toHaveLength(6);
    expect(new Set(projects.map((project) => project.area))).toEqual(
      new Set(['population_health', 'environmental_sustainability', 'both']),
    );
    expect(new Set(projects.map((project) => project.stage)).size).toBe(4);
    expect(projects.filter((project) => project.status === 'completed' && project.published === true)).toHaveLength(2);
  });

  it('have measure data whose charts show special causes of every kind the rules find', () => {
    const causes = new Set<string>();
    for (const project of projects) {
      for (const measure of project.measures) {
        const result = computeSpc(
          measure.values.map((value, index) => ({
            date: new Date(Date.UTC(2026, 0, 5) + index * 7 * 86_400_000).toISOString().slice(0, 10),
            value,
            rebase: measure.rebaseAt?.includes(index) ?? false,
          })),
          { improvement: measure.improvement, target: measure.target ?? null },
        );
        for (const point of result.points) if (point.specialCause !== null) causes.add(point.specialCause);
      }
    }
    expect([...causes].sort()).toEqual(expect.arrayContaining(['above-limit', 'shift-below', 'trend-down']));
  });

  it('count carbon only with factors of the seeded library', () => {
    const keys = new Set(SEED_CARBON_FACTORS.map((factor) => factor.key));
    const used = projects.flatMap((project) => project.carbon.map((line) => line.key));
    expect(used.length).toBeGreaterThan(5);
    expect(used.filter((key) => !keys.has(key))).toEqual([]);
  });

  it('hold nothing the projects’ patient-identifier check would refuse', () => {
    const texts = projects.flatMap((project) => [
      project.aim,
      project.setting,
      project.targetPopulation,
      ...project.cycles.flatMap((cycle) => [
        cycle.title,
        cycle.plan,
        cycle.prediction,
        cycle.happened ?? '',
        cycle.study ?? '',
        cycle.learned ?? '',
      ]),
      ...(project.notes ?? []).map((note) => note.text),
      ...project.measures.flatMap((measure) => Object.values(measure.notes ?? {})),
      ...project.measures.map((measure) => measure.definition),
      ...project.ideas,
      ...project.carbon.map((line) => line.note),
    ]);
    texts.push(DEMO_SUPPORT_MESSAGE);
    expect(texts.length).toBeGreaterThan(70);
    expect(texts.filter((text) => patientIdentifierProblem('Text', text) !== null)).toEqual([]);
  });
});
