/**
 * The public pages hold the programme's words, not any one person's: news posts and questions are written for the
 * public by the programme team. Who wrote or last changed one is a link to their account, set to nothing when the
 * account is erased (in SQL), so nothing of theirs stays.
 */
import { declareTable, notPersonal } from '../../platform/db/personal-data.ts';
import { faqItems, newsPosts } from './schema.ts';

const PUBLIC = 'the programme’s public words, written for anyone to read';

export const sitePersonalData = [
  declareTable(newsPosts, {
    title: notPersonal(PUBLIC),
    summary: notPersonal(PUBLIC),
    bodyMarkdown: notPersonal(PUBLIC),
  }),
  declareTable(faqItems, { question: notPersonal(PUBLIC), answerMarkdown: notPersonal(PUBLIC) }),
];
