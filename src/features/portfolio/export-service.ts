/**
 * A learner's portfolio taken away: every entry the person asking may see (private reflections only for the learner
 * and their educational supervisor), all or those of a period and of chosen kinds, as a PDF made on the server
 * (createPdf: each entry a heading and a bookmark) or as JSON. Also the evidence by outcome that an annual review
 * panel reads (`portfolioEntriesByOutcome`, for the progress feature).
 */
import { audit } from '../../platform/audit/audit.ts';
import { displayNamesOf } from '../../platform/auth/store.ts';
import type { Context } from '../../platform/context.ts';
import type { Db } from '../../platform/db/client.ts';
import { createPdf } from '../../platform/pdf/document.ts';
import { formatBytes } from '../../platform/files/uploads.ts';
import { formatDate, formatDateTime } from '../../platform/web/format.ts';
import { evidenceOf, learnerVersion, regionCurriculum } from '../curriculum/index.ts';
import { regionNamesOf } from '../organisations/index.ts';
import { findLearner } from '../people/index.ts';
import { attachmentsOf } from './attachments-service.ts';
import { ENTRY_KIND_LABELS, ENTRY_STATUS_LABELS, type EntryKind, type EntryStatus } from './domain/entries.ts';
import { entryView } from './entry-view.ts';
import { learnerAccess, seesPrivate, type LearnerAccess } from './policy.ts';
import * as repository from './repository.ts';
import type { Entry } from './repository.ts';

export interface ExportFilter {
  /** The first day of entries included ('YYYY-MM-DD'), if any. */
  from?: string | undefined;
  /** The last day included, if any. */
  to?: string | undefined;
  /** Only these kinds; none given means every kind. */
  kinds?: readonly EntryKind[] | undefined;
}

export interface ExportedEntry {
  id: string;
  kind: EntryKind;
  kindLabel: string;
  title: string;
  status: EntryStatus;
  statusLabel: string;
  private: boolean;
  occurredOn: string;
  document: Record<string, unknown>;
  outcomes: { code: string; text: string | null }[];
  submittedAt: Date | null;
  signedOff: { at: Date; by: string | null; comment: string | null } | null;
  comments: { author: string | null; at: Date; body: string }[];
  attachments: { fileName: string; mediaType: string; size: number }[];
  createdAt: Date;
  updatedAt: Date;
}

export interface PortfolioExport {
  access: LearnerAccess;
  learner: { id: string; name: string; region: string; stage: string };
  madeAt: Date;
  filter: ExportFilter;
  /** The filter in words, for the cover: "Entries from 1 September 2026 to 31 October 2026, reflections only". */
  scope: string;
  entries: ExportedEntry[];
  /** The entries as stored, by id, for the PDF's view of each kind. */
  stored: ReadonlyMap<string, Entry>;
}

function matches(entry: Entry, filter: ExportFilter, includePrivate: boolean): boolean {
  if (entry.private && !includePrivate) return false;
  if (filter.from !== undefined && entry.occurredOn < filter.from) return false;
  if (filter.to !== undefined && entry.occurredOn > filter.to) return false;
  if (filter.kinds !== undefined && filter.kinds.length > 0 && !filter.kinds.includes(entry.kind)) return false;
  return true;
}

export function scopeOf(filter: ExportFilter): string {
  const from = filter.from === undefined ? null : formatDate(filter.from);
  const to = filter.to === undefined ? null : formatDate(filter.to);
  const period =
    from !== null && to !== null
      ? `from ${from} to ${to}`
      : from !== null
        ? `from ${from} on`
        : to !== null
          ? `up to ${to}`
          : null;
  const kinds =
    filter.kinds === undefined || filter.kinds.length === 0
      ? null
      : filter.kinds.map((kind) => ENTRY_KIND_LABELS[kind].toLowerCase()).join(', ');
  if (period === null && kinds === null) return 'All entries';
  return `Entries${period === null ? '' : ` ${period}`}${kinds === null ? '' : `${period === null ? ' of' : ','} these types: ${kinds}`}`;
}

/** Outcome codes by entry id, from the curriculum's evidence links, with each outcome's words where known. */
async function outcomesByEntry(
  db: Db,
  learnerId: string,
  regionId: string,
): Promise<Map<string, { code: string; text: string | null }[]>> {
  const curriculum = await regionCurriculum(db, regionId);
  if (curriculum === undefined) return new Map();
  const [links, version] = await Promise.all([
    evidenceOf(db, learnerId, curriculum.id),
    learnerVersion(db, learnerId, curriculum.id),
  ]);
  const words = new Map((version?.content.outcomes ?? []).map((outcome) => [outcome.code, outcome.text]));
  const result = new Map<string, { code: string; text: string | null }[]>();
  for (const link of links) {
    if (link.sourceType !== 'portfolio-entry') continue;
    const list = result.get(link.sourceId) ?? [];
    list.push({ code: link.outcomeCode, text: words.get(link.outcomeCode) ?? null });
    result.set(link.sourceId, list);
  }
  for (const list of result.values()) list.sort((a, b) => a.code.localeCompare(b.code, 'en', { numeric: true }));
  return result;
}

/** The learner's portfolio as the signed-in person may see it, filtered; not found when the learner is out of sight. */
export async function portfolioExport(ctx: Context, learnerId: string, filter: ExportFilter): Promise<PortfolioExport> {
  const access = await learnerAccess(ctx, learnerId);
  const { learner } = access;
  const entries = (await repository.entriesOf(ctx.db, learner.id)).filter((entry) =>
    matches(entry, filter, seesPrivate(access)),
  );
  const ids = entries.map((entry) => entry.id);
  const [outcomes, regions, comments, attachments] = await Promise.all([
    outcomesByEntry(ctx.db, learner.id, learner.regionId),
    regionNamesOf(ctx.db, [learner.regionId]),
    Promise.all(ids.map(async (id) => [id, await repository.commentsOn(ctx.db, id)] as const)),
    attachmentsOf(ctx.db, ids),
  ]);
  const signers = await displayNamesOf(
    ctx.db,
    entries.map((entry) => entry.signedOffBy),
  );
  const commentsOf = new Map(comments);
  return {
    access,
    learner: {
      id: learner.id,
      name: learner.name,
      region: regions.get(learner.regionId)?.name ?? '',
      stage: learner.stage,
    },
    madeAt: ctx.now,
    filter,
    scope: scopeOf(filter),
    stored: new Map(entries.map((entry) => [entry.id, entry])),
    entries: entries.map((entry) => ({
      id: entry.id,
      kind: entry.kind,
      kindLabel: ENTRY_KIND_LABELS[entry.kind],
      title: entry.title,
      status: entry.status,
      statusLabel: ENTRY_STATUS_LABELS[entry.status],
      private: entry.private,
      occurredOn: entry.occurredOn,
      document: entry.document,
      outcomes: outcomes.get(entry.id) ?? [],
      submittedAt: entry.submittedAt,
      signedOff:
        entry.signedOffAt === null
          ? null
          : {
              at: entry.signedOffAt,
              by: entry.signedOffBy === null ? null : (signers.get(entry.signedOffBy) ?? null),
              comment: entry.signOffComment,
            },
      comments: (commentsOf.get(entry.id) ?? []).map((comment) => ({
        author: comment.authorName,
        at: comment.createdAt,
        body: comment.body,
      })),
      attachments: attachments
        .filter((attachment) => attachment.entryId === entry.id)
        .map((attachment) => ({
          fileName: attachment.fileName,
          mediaType: attachment.mediaType,
          size: attachment.size,
        })),
      createdAt: entry.createdAt,
      updatedAt: entry.updatedAt,
    })),
  };
}

/**
 * Records that someone downloaded a learner's portfolio: who (the actor), whose, in what format and with what filter,
 * never what it held. A download is personal data leaving the service, so each one is in the audit trail.
 */
export async function recordExportDownload(ctx: Context, data: PortfolioExport, format: 'pdf' | 'json'): Promise<void> {
  const { learner, filter } = data;
  const whose = data.access.own ? 'their own portfolio' : `${learner.name}’s portfolio`;
  await audit(
    ctx.db,
    ctx.actor,
    {
      action: 'download',
      entityType: 'portfolio',
      entityId: learner.id,
      regionId: data.access.learner.regionId,
      summary: `Downloaded ${whose} as ${format.toUpperCase()}: ${data.scope}`,
      after: {
        learner: learner.name,
        format,
        from: filter.from ?? null,
        to: filter.to ?? null,
        kinds: filter.kinds ?? [],
        entries: data.entries.length,
      },
    },
    ctx.now,
  );
}

// ----- JSON -----

/** The export as JSON: what a person can read or load elsewhere; no internal ids but the entries' own. */
export function exportJson(data: PortfolioExport): string {
  return JSON.stringify(
    {
      learner: { name: data.learner.name, region: data.learner.region, stage: data.learner.stage },
      madeAt: data.madeAt.toISOString(),
      scope: data.scope,
      filter: {
        from: data.filter.from ?? null,
        to: data.filter.to ?? null,
        kinds: data.filter.kinds ?? [],
      },
      entries: data.entries,
    },
    null,
    2,
  );
}

// ----- PDF -----

/** "systemReflection" → "System reflection". */
function labelOf(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const ID_LIKE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A document of a kind this export does not know in detail, as labelled values: its text, numbers, yes/no answers
 * and lists, nested objects under their key's label; ids (which say nothing to a reader) left out.
 */
export function genericRows(document: unknown, prefix = '', depth = 0): [string, string][] {
  if (depth > 4 || typeof document !== 'object' || document === null) return [];
  const rows: [string, string][] = [];
  for (const [key, value] of Object.entries(document)) {
    if (/id$/i.test(key) && key.length > 2) continue;
    const label = prefix === '' ? labelOf(key) : `${prefix}, ${labelOf(key).toLowerCase()}`;
    if (typeof value === 'string') {
      if (value.trim() !== '' && !ID_LIKE.test(value)) rows.push([label, value]);
    } else if (typeof value === 'number') {
      rows.push([label, String(value)]);
    } else if (typeof value === 'boolean') {
      rows.push([label, value ? 'Yes' : 'No']);
    } else if (Array.isArray(value)) {
      if (value.every((item) => typeof item === 'string' || typeof item === 'number')) {
        if (value.length > 0) rows.push([label, value.join(', ')]);
      } else {
        value.forEach((item, n) => rows.push(...genericRows(item, `${label} ${String(n + 1)}`, depth + 1)));
      }
    } else {
      rows.push(...genericRows(value, label, depth + 1));
    }
  }
  return rows;
}

type Pdf = ReturnType<typeof createPdf>;

/** The kind's own content: the three written kinds as their pages show them, any other kind's fields generically. */
function writeContent(pdf: Pdf, entry: ExportedEntry, stored: Entry | undefined): void {
  const view = stored === undefined ? { kind: entry.kind } : entryView(stored);
  if (view.kind === 'patient_journey' && 'steps' in view) {
    pdf.keyValue([['About the patient', view.patient]]);
    pdf.heading('The journey, in time order', 3);
    for (const step of view.steps) {
      pdf.paragraph(
        `${String(step.number)}. ${step.day}: ${step.setting}${step.place === '' ? '' : `, ${step.place}`}`,
      );
      pdf.keyValue(
        (
          [
            ['Who was involved', step.involved],
            ['What happened', step.happened],
            ['What was learned', step.learned],
          ] as const
        ).filter(([, value]) => value !== ''),
      );
    }
    pdf.keyValue([['How the system served the patient', view.systemReflection]]);
    return;
  }
  if (view.kind === 'reflection' && 'answers' in view) {
    pdf.keyValue([['Template', view.template], ...view.answers.map((answer) => [answer.label, answer.text] as const)]);
    return;
  }
  if (view.kind === 'mdt_meeting' && 'pairs' in view) {
    pdf.keyValue(view.pairs.filter(([, value]) => value !== ''));
    return;
  }
  const rows = genericRows(entry.document);
  if (rows.length > 0) pdf.keyValue(rows);
}

/** The PDF: a cover with who, where and when, then each entry under its own heading (a bookmark). */
export async function exportPdf(data: PortfolioExport): Promise<Buffer> {
  const { learner } = data;
  const pdf = createPdf({
    title: `Portfolio of ${learner.name}`,
    author: learner.name,
    subject: `Breadth portfolio: ${data.scope}`,
    createdAt: data.madeAt,
  });
  pdf.heading(`Portfolio of ${learner.name}`, 1);
  pdf.keyValue([
    ['Learner', learner.name],
    ['Programme', `Generalist training, ${learner.region}`],
    ['Stage', learner.stage],
    ['Made on', formatDateTime(data.madeAt)],
    ['Included', data.scope],
    ['Entries', String(data.entries.length)],
  ]);
  pdf.paragraph(
    'This is a copy of the portfolio as it was when it was made. Every entry was checked for patient identifiers before it was saved. Keep it as you would any record of your training.',
  );
  if (data.entries.length === 0) pdf.paragraph('No entries match.');
  for (const entry of data.entries) {
    pdf.heading(entry.title, 2);
    pdf.keyValue([
      ['Type', entry.kindLabel],
      ['Date', formatDate(entry.occurredOn)],
      ['State', entry.statusLabel],
      ...(entry.private ? [['Private', 'Only the learner and their educational supervisor can see it'] as const] : []),
    ]);
    writeContent(pdf, entry, data.stored.get(entry.id));
    if (entry.attachments.length > 0) {
      pdf.heading('Files', 3);
      pdf.list(entry.attachments.map((file) => `${file.fileName} (${formatBytes(file.size)}, kept in the portfolio)`));
    }
    pdf.heading('Outcomes it evidences', 3);
    if (entry.outcomes.length === 0) pdf.paragraph('None chosen.');
    else
      pdf.list(entry.outcomes.map((outcome) => `${outcome.code}${outcome.text === null ? '' : `: ${outcome.text}`}`));
    pdf.heading('Sign-off', 3);
    if (entry.signedOff === null) pdf.paragraph('Not signed off.');
    else {
      pdf.paragraph(
        `Signed off on ${formatDateTime(entry.signedOff.at)}${entry.signedOff.by === null ? '' : ` by ${entry.signedOff.by}`}.`,
      );
      if (entry.signedOff.comment !== null) pdf.paragraph(entry.signedOff.comment);
    }
    if (entry.comments.length > 0) {
      pdf.heading('Comments', 3);
      for (const comment of entry.comments) {
        pdf.paragraph(`${comment.author ?? 'A former user'}, ${formatDateTime(comment.at)}: ${comment.body}`);
      }
    }
  }
  return pdf.toBuffer();
}

// ----- Evidence by outcome, for the annual review -----

export interface OutcomeEvidence {
  outcomeCode: string;
  entries: { id: string; title: string; kind: EntryKind; status: EntryStatus; occurredOn: string }[];
}

/**
 * A learner's portfolio entries by the outcome each evidences, outcomes in code order and entries oldest first, for
 * an annual review panel: private reflections are left out, as the panel may not read them. The caller has already
 * let the person see the learner.
 */
export async function portfolioEntriesByOutcome(db: Db, learnerId: string): Promise<OutcomeEvidence[]> {
  const learner = await findLearner(db, learnerId);
  if (learner === undefined) return [];
  const curriculum = await regionCurriculum(db, learner.regionId);
  if (curriculum === undefined) return [];
  const [links, entries] = await Promise.all([
    evidenceOf(db, learner.id, curriculum.id),
    repository.entriesOf(db, learner.id),
  ]);
  const shown = new Map(entries.filter((entry) => !entry.private).map((entry) => [entry.id, entry]));
  const byOutcome = new Map<string, OutcomeEvidence['entries']>();
  for (const link of links) {
    if (link.sourceType !== 'portfolio-entry') continue;
    const entry = shown.get(link.sourceId);
    if (entry === undefined) continue;
    const list = byOutcome.get(link.outcomeCode) ?? [];
    list.push({
      id: entry.id,
      title: entry.title,
      kind: entry.kind,
      status: entry.status,
      occurredOn: entry.occurredOn,
    });
    byOutcome.set(link.outcomeCode, list);
  }
  return [...byOutcome]
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(([outcomeCode, list]) => ({
      outcomeCode,
      entries: list.sort((a, b) => a.occurredOn.localeCompare(b.occurredOn) || a.title.localeCompare(b.title)),
    }));
}
