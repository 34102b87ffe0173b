import { declareTable, notPersonal, personal } from '../db/personal-data.ts';
import { outbox } from './schema.ts';

/** Mail to a person carries their name and address; mail to others can name them. */
export const mailPersonalData = [
  declareTable(outbox, {
    toAddress: personal('emails', 'row deleted', 'mail to any address the person has had is deleted'),
    subject: personal('emails', 'identifiers removed'),
    textBody: personal('emails', 'identifiers removed'),
    status: notPersonal('one of a fixed list of delivery states'),
    lastError: personal({ withheld: 'a delivery diagnostic for the team' }, 'identifiers removed'),
  }),
];
