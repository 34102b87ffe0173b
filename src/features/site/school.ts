/**
 * The public School of Generalism pages, drawn from the programme's own data: the curriculum's modules and
 * outcomes, the year's posts, the project showcase and the handbook, with the team's news and FAQ. Each page reads
 * what it shows in one set of queries run side by side; nothing is cached, since every query is by region on an
 * index and the pages stay fast without it (ADR 17).
 */
import type { Db } from '../../platform/db/client.ts';
import { currentHandbookOf, programmeFacts, publishedSectionTexts, type ProgrammeFacts } from '../handbook/index.ts';
import { programmeYearsIn } from '../placements/index.ts';
import { listShowcase } from '../projects/index.ts';
import { regionsIn, type Region } from '../organisations/index.ts';
import * as repository from './repository.ts';

/** A link in the page's "More from the programme" list. */
export interface SchoolLink {
  text: string;
  href: string;
  description: string;
}

/**
 * Links other features add to a region's page when they have something public there (the 360° scenarios, the
 * volunteers' casting calls): each source is asked per page and gives none when it has nothing to show.
 */
export type SchoolLinkSource = (db: Db, region: { id: string; code: string }, now: Date) => Promise<SchoolLink[]>;

const linkSources: SchoolLinkSource[] = [];

export function registerSchoolLinks(source: SchoolLinkSource): void {
  linkSources.push(source);
}

/** Every region, and whether its programme runs on Breadth (it has a programme year). */
export async function schoolRegions(db: Db): Promise<{ running: Region[]; notYet: Region[] }> {
  const [regions, years] = await Promise.all([regionsIn(db, 'all'), programmeYearsIn(db, 'all')]);
  const withYears = new Set(years.map((year) => year.regionId));
  return {
    running: regions.filter((region) => withYears.has(region.id)),
    notYet: regions.filter((region) => !withYears.has(region.id)),
  };
}

/** The region of a public address, or undefined for a code that is not a region's. */
export async function regionByCode(db: Db, code: string): Promise<Region | undefined> {
  return (await regionsIn(db, 'all')).find((region) => region.code === code);
}

/** "F1 to ST3": the curriculum's first and last stages. */
function stageSpan(facts: ProgrammeFacts): string {
  const stages = facts.curriculum?.stages ?? [];
  const first = stages[0]?.code;
  const last = stages.at(-1)?.code;
  if (first === undefined || last === undefined) return '';
  return first === last ? first : `${first} to ${last}`;
}

const NUMBER_WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

/** A count in words up to ten, as NHS content style writes them ("six modules"), in figures above. */
export function numberWord(n: number): string {
  return NUMBER_WORDS[n] ?? n.toLocaleString('en-GB');
}

function counted(n: number, one: string, many: string): string {
  return `${numberWord(n)} ${n === 1 ? one : many}`;
}

/** What the programme is, in a sentence made from its data, for a region whose handbook says nothing yet. */
export function programmeSummary(facts: ProgrammeFacts): string[] {
  const out: string[] = [];
  const year = facts.year;
  if (year !== null && year.posts.length > 0) {
    out.push(
      `In ${year.name}, the ${facts.regionName} School of Generalism offers ${counted(year.posts.length, 'generalism post', 'generalism posts')} across ${counted(year.settings.length, 'setting', 'settings')}, for foundation doctors and specialty trainees who want to work across the whole of a patient’s care.`,
    );
  }
  const modules = facts.curriculum?.modules.length ?? 0;
  if (modules > 0) {
    const span = stageSpan(facts);
    out.push(
      `Its learning follows Enhance: ${counted(modules, 'module', 'modules')}${span === '' ? '' : ` from ${span}`}, met through placements, learning events, reflection and change projects.`,
    );
  }
  return out;
}

export async function schoolPage(db: Db, region: Region, now: Date) {
  const [facts, handbook, texts, showcase, news, faq, more] = await Promise.all([
    programmeFacts(db, region.id, now),
    currentHandbookOf(db, region.id),
    publishedSectionTexts(db, region.id, ['background', 'programme']),
    listShowcase(db, { regionId: region.id }, 3, 0),
    repository.publishedNews(db, region.id, now, 3, 0),
    repository.faqOf(db, region.id),
    Promise.all(linkSources.map((source) => source(db, { id: region.id, code: region.code }, now))),
  ]);
  return { facts, handbook, texts, showcase, news, faqCount: faq.length, more: more.flat() };
}

export async function postsPage(db: Db, region: Region, now: Date) {
  return programmeFacts(db, region.id, now);
}
