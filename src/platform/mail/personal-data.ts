import { declareTable, notPersonal, personal } from '../db/personal-data.ts';
import { outbox } from './schema.ts';

/** Mail to a person carries their name and address; mail to others can name them. */
export const mailPersonalData = [
  declareTable(outbox, {
    toAddress: personal('emails', 'row deleted', 'mail to any address the person has had is deleted'),
    subject: personal('emails', 'identifiers removed'),
    textBody: personal('emails', 'identifiers removed'),
    sealedText: personal(
      { withheld: 'the sendable copy of a sign-in link, encrypted; the masked text is downloaded instead' },
      'row deleted',
      'only mail to the person (invitations, password resets) carries a sealed copy, and that mail is deleted',
    ),
    status: notPersonal('one of a fixed list of delivery states'),
    lastError: personal({ withheld: 'a delivery diagnostic for the team' }, 'identifiers removed'),
  }),
];
