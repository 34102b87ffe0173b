/**
 * The programme team's editor: the draft's written sections, and publishing a version with the generated parts
 * drawn from the programme's data at that moment. Each change is one transaction with its audit record.
 */
import { audit } from '../../platform/audit/audit.ts';
import type { Context } from '../../platform/context.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import { NotFoundError, RuleError } from '../../platform/errors.ts';
import { teamRegions } from '../../platform/policy.ts';
import { regionsIn, type Region } from '../organisations/index.ts';
import { compareContents, type ComparedSection } from './domain/compare.ts';
import { buildContent, type HandbookContent } from './domain/content.ts';
import { SECTIONS, sectionDefinition, type SectionDefinition } from './domain/sections.ts';
import { programmeFacts } from './facts.ts';
import { managedRegion } from './policy.ts';
import * as repository from './repository.ts';
import type { DraftSection, HandbookVersion, PublishedHandbookSummary } from './repository.ts';

export const TITLE_MAX_LENGTH = 120;
export const BODY_MAX_LENGTH = 20_000;
export const SUMMARY_MAX_LENGTH = 500;

/** The regions whose handbook the person edits. */
export async function editableRegions(ctx: Pick<Context, 'db' | 'principal'>): Promise<Region[]> {
  return regionsIn(ctx.db, teamRegions(ctx.principal));
}

export interface DraftOverviewSection {
  definition: SectionDefinition;
  title: string;
  written: boolean;
  draft: DraftSection | null;
  /** Whether the draft's words differ from the current version's (always true with no version yet). */
  differs: boolean;
}

export interface DraftOverview {
  region: Region;
  current: PublishedHandbookSummary | null;
  sections: DraftOverviewSection[];
}

async function currentVersionOf(ctx: Pick<Context, 'db'>, regionId: string): Promise<HandbookVersion | null> {
  const current = await repository.currentHandbookOf(ctx.db, regionId);
  return current === null ? null : ((await repository.versionByNumber(ctx.db, regionId, current.number)) ?? null);
}

export async function draftOverview(
  ctx: Pick<Context, 'db' | 'principal'>,
  regionCode: string,
): Promise<DraftOverview> {
  const region = await managedRegion(ctx, regionCode);
  const [drafts, current] = await Promise.all([
    repository.draftSectionsOf(ctx.db, region.id),
    currentVersionOf(ctx, region.id),
  ]);
  const byKey = new Map(drafts.map((draft) => [draft.key, draft]));
  const published = new Map((current?.content.sections ?? []).map((section) => [section.key, section]));
  return {
    region,
    current,
    sections: SECTIONS.map((definition) => {
      const draft = byKey.get(definition.key) ?? null;
      const title = draft === null || draft.title.trim() === '' ? definition.title : draft.title;
      const before = published.get(definition.key);
      return {
        definition,
        title,
        written: draft !== null && draft.bodyMarkdown.trim() !== '',
        draft,
        differs: before === undefined || before.title !== title || before.markdown !== (draft?.bodyMarkdown ?? ''),
      };
    }),
  };
}

export interface SectionForEdit {
  region: Region;
  definition: SectionDefinition;
  title: string;
  bodyMarkdown: string;
  revision: number;
  draft: DraftSection | null;
}

export async function sectionForEdit(
  ctx: Pick<Context, 'db' | 'principal'>,
  regionCode: string,
  key: string,
): Promise<SectionForEdit> {
  const region = await managedRegion(ctx, regionCode);
  const definition = sectionDefinition(key);
  if (definition === undefined) throw new NotFoundError();
  const draft = (await repository.draftSection(ctx.db, region.id, key)) ?? null;
  return {
    region,
    definition,
    title: draft?.title ?? definition.title,
    bodyMarkdown: draft?.bodyMarkdown ?? '',
    revision: draft?.revision ?? 0,
    draft,
  };
}

export interface SectionInput {
  title: string;
  bodyMarkdown: string;
  revision: number;
}

/** Saves a section's words, unless someone else saved it since the editor opened it. */
export async function saveSection(
  ctx: Context,
  section: SectionForEdit,
  input: SectionInput,
): Promise<{ revision: number }> {
  return ctx.db.transaction(async (tx) => {
    const revision = await repository.saveDraftSection(
      tx,
      {
        regionId: section.region.id,
        key: section.definition.key,
        title: input.title,
        bodyMarkdown: input.bodyMarkdown,
        revision: input.revision,
        by: ctx.principal.userId,
      },
      ctx.now,
    );
    if (revision === null) {
      const now = await repository.draftSection(tx, section.region.id, section.definition.key);
      throw new RuleError(
        `${now?.updatedByName ?? 'Someone else'} saved this section while you were editing it. Your text is kept below: copy what you need, reload the section to see their version, and make your changes again.`,
        'bodyMarkdown',
      );
    }
    await audit(
      tx,
      ctx.actor,
      {
        action: 'update',
        entityType: 'handbook_section',
        entityId: section.draft?.id ?? null,
        regionId: section.region.id,
        summary: `Edited the handbook section “${input.title}” (${section.region.name})`,
        before: section.draft === null ? null : { title: section.draft.title, revision: section.draft.revision },
        after: { title: input.title, revision },
      },
      ctx.now,
    );
    return { revision };
  });
}

export interface PublishPreview {
  region: Region;
  number: number;
  content: HandbookContent;
  current: HandbookVersion | null;
  /** The difference from the current version; null when there is none. */
  sections: ComparedSection[] | null;
}

/** The version that publishing now would make: the draft's words with the programme's data as it is now. */
export async function publishPreview(ctx: Context, regionCode: string): Promise<PublishPreview> {
  const region = await managedRegion(ctx, regionCode);
  const [drafts, facts, current] = await Promise.all([
    repository.draftSectionsOf(ctx.db, region.id),
    programmeFacts(ctx.db, region.id, ctx.now),
    currentVersionOf(ctx, region.id),
  ]);
  const content = buildContent(drafts, facts);
  return {
    region,
    number: (current?.number ?? 0) + 1,
    content,
    current,
    sections: current === null ? null : compareContents(current.content, content),
  };
}

/**
 * Publishes the next version in one transaction. Should someone else publish at the same moment, the region's unique
 * version numbers refuse the second, and they are told.
 */
export async function publish(
  ctx: Context,
  regionCode: string,
  changeSummary: string,
  expectedNumber: number,
): Promise<{ number: number }> {
  const region = await managedRegion(ctx, regionCode);
  try {
    return await ctx.db.transaction(async (tx) => {
      const number = (await repository.latestNumber(tx, region.id)) + 1;
      if (number !== expectedNumber) {
        throw new RuleError(
          `Version ${String(number - 1)} was published by someone else while you were preparing this one. Check the preview again, then publish.`,
          'changeSummary',
        );
      }
      const [drafts, facts] = await Promise.all([
        repository.draftSectionsOf(tx, region.id),
        programmeFacts(tx, region.id, ctx.now),
      ]);
      const id = await repository.insertVersion(
        tx,
        { regionId: region.id, number, changeSummary, content: buildContent(drafts, facts), by: ctx.principal.userId },
        ctx.now,
      );
      await audit(
        tx,
        ctx.actor,
        {
          action: 'create',
          entityType: 'handbook_version',
          entityId: id,
          regionId: region.id,
          summary: `Published version ${String(number)} of the ${region.name} handbook`,
          after: { number, changeSummary },
        },
        ctx.now,
      );
      return { number };
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new RuleError(
      'Someone else published a version of the handbook at the same moment. Check the preview again, then publish.',
      'changeSummary',
    );
  }
}
