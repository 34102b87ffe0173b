import { declareTable, notPersonal, personal } from '../db/personal-data.ts';
import { jobs } from './schema.ts';

const ABOUT_WORK = { withheld: 'a record of work someone started, not about a person' };

/** A job's words are written by the feature that runs it and can name people. */
export const jobsPersonalData = [
  declareTable(jobs, {
    kind: notPersonal('one of a fixed list of kinds of work'),
    title: personal(ABOUT_WORK, 'identifiers removed'),
    status: notPersonal('one of a fixed list of job states'),
    message: personal(ABOUT_WORK, 'identifiers removed'),
    resultHref: notPersonal('a path on this site'),
    error: personal(ABOUT_WORK, 'identifiers removed'),
  }),
];
