/** The progress page of an unfinished long job keeps itself up to date. */
import { startJobProgress } from './job-progress.ts';

startJobProgress(document);
