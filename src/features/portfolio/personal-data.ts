/** What the portfolio holds about a person: each column declared, their data download and their erasure. */
import type { Db } from '../../platform/db/client.ts';
import { declareTable, notPersonal, personal } from '../../platform/db/personal-data.ts';
import type { FastifyBaseLogger } from 'fastify';
import type { FileStore } from '../../platform/files/storage.ts';
import type { ErasureStep } from '../people/index.ts';
import { fileKeysOfLearner, removeUnusedFiles } from './attachments-service.ts';
import * as repository from './repository.ts';
import {
  msfRaters,
  msfResponses,
  pdpGoals,
  portfolioAssessorLinks,
  portfolioAttachments,
  portfolioComments,
  portfolioDrafts,
  portfolioEntries,
} from './schema.ts';

const OWN_PORTFOLIO = 'portfolio';

export const portfolioPersonalData = [
  declareTable(portfolioEntries, {
    kind: notPersonal('one of a fixed list of kinds of entry'),
    title: personal(OWN_PORTFOLIO, 'row deleted'),
    status: notPersonal('where the entry is in its sign-off'),
    document: personal(OWN_PORTFOLIO, 'row deleted', 'the learner’s own writing; checked for patient identifiers'),
    searchText: personal(OWN_PORTFOLIO, 'row deleted', 'the same writing, joined for search'),
    signOffComment: personal(OWN_PORTFOLIO, 'row deleted', 'a supervisor’s comment on the learner’s entry'),
  }),
  declareTable(portfolioDrafts, {
    draftKey: notPersonal('which form the draft belongs to'),
    kind: notPersonal('one of a fixed list of kinds of entry'),
    values: personal({ withheld: 'unsaved work in progress, deleted when saved' }, 'row deleted'),
  }),
  declareTable(portfolioComments, {
    body: personal(OWN_PORTFOLIO, 'identifiers removed', 'comments under the person’s entries go with the entries'),
  }),
  declareTable(portfolioAttachments, {
    fileKey: notPersonal('the hash of the stored file’s content'),
    fileName: personal(OWN_PORTFOLIO, 'row deleted'),
    mediaType: notPersonal('the kind of file'),
  }),
  declareTable(portfolioAssessorLinks, {
    assessorName: personal({ withheld: 'the assessor’s name, shown on the entry' }, 'identifiers removed'),
    assessorEmail: personal({ withheld: 'the assessor’s email address, shown on the entry' }, 'identifiers removed'),
    assessorRole: notPersonal('the assessor’s job role'),
    tokenHash: personal({ withheld: 'the hash of a single-use link' }, 'row deleted'),
  }),
  declareTable(msfRaters, {
    name: personal({ withheld: 'a rater’s name, which the learner gave' }, 'row deleted'),
    email: personal({ withheld: 'a rater’s email address, which the learner gave' }, 'row deleted'),
    role: notPersonal('the rater’s staff group'),
    tokenHash: personal({ withheld: 'the hash of a single-use link' }, 'row deleted'),
  }),
  declareTable(msfResponses, {
    role: notPersonal('the rater’s staff group'),
    answers: personal(OWN_PORTFOLIO, 'row deleted', 'anonymous feedback about the learner; in the released summary'),
  }),
  declareTable(pdpGoals, {
    text: personal(OWN_PORTFOLIO, 'row deleted'),
    status: notPersonal('open, achieved or dropped'),
    reviewNote: personal(OWN_PORTFOLIO, 'row deleted'),
  }),
];

/** A learner's portfolio entries and the comments a person wrote, for their "download my data". */
export async function portfolioPersonalDataOf(db: Db, userId: string): Promise<Record<string, unknown>> {
  const [entries, comments] = await Promise.all([repository.entriesOf(db, userId), repository.commentsBy(db, userId)]);
  return {
    entries: entries.map((entry) => ({
      id: entry.id,
      kind: entry.kind,
      title: entry.title,
      status: entry.status,
      private: entry.private,
      occurredOn: entry.occurredOn,
      document: entry.document,
      signedOffAt: entry.signedOffAt,
      signOffComment: entry.signOffComment,
      createdAt: entry.createdAt,
      updatedAt: entry.updatedAt,
    })),
    commentsWritten: comments,
  };
}

/**
 * Erasure: a learner's portfolio is theirs, so it goes whole (entries, their comments, files, feedback, goals and
 * drafts); what a person wrote under someone else's entry loses their name by "identifiers removed".
 */
export function erasePortfolioData(store: FileStore, log: Pick<FastifyBaseLogger, 'error'>): ErasureStep {
  return async (db, userId, afterCommit) => {
    // The files' keys are read before their attachments go (by cascade with the entries); each file no attachment
    // uses any more is deleted once the erasure is committed, so that a rolled-back erasure loses nothing.
    const keys = await fileKeysOfLearner(db, userId);
    const removed = await repository.deletePortfolioOf(db, userId);
    if (keys.length > 0)
      afterCommit(async (committed) => {
        try {
          await removeUnusedFiles(committed, store, keys);
        } catch (error) {
          log.error({ err: error }, 'could not remove the files of an erased portfolio');
        }
      });
    if (removed === 0) return null;
    return `${String(removed)} portfolio entries deleted`;
  };
}
