/**
 * What enquiries hold about people. A sender is a member of the public without an account, so their name, address
 * and words belong to no user's data download: they are kept only as long as the region's retention allows and then
 * deleted with the enquiry (service.ts, deleteExpiredEnquiries), and the audit log never copies them. The team's
 * replies are the region's correspondence, written as part of a team member's work rather than about them; erasing
 * a team member leaves the replies (their author becomes nobody, by the foreign key) and takes their name out of the
 * words, as everywhere.
 */
import { declareTable, notPersonal, personal } from '../../platform/db/personal-data.ts';
import { enquiries, enquiryMessages } from './schema.ts';

const PUBLIC =
  'a member of the public’s, who has no account; deleted with the enquiry when the region’s retention ends';

export const enquiriesPersonalData = [
  declareTable(enquiries, {
    reference: notPersonal('a random reference such as ENQ-7KQ2M4, which says nothing about the sender'),
    topic: notPersonal('one of a fixed list of topics'),
    name: personal({ withheld: PUBLIC }, 'identifiers removed'),
    email: personal({ withheld: PUBLIC }, 'identifiers removed'),
    subject: personal({ withheld: PUBLIC }, 'identifiers removed'),
    status: notPersonal('new, in progress or closed'),
  }),
  declareTable(enquiryMessages, {
    direction: notPersonal('in (from the sender) or out (a reply)'),
    body: personal(
      {
        withheld:
          'a member of the public’s message or the region’s reply to it: correspondence of the region, deleted with the enquiry when its retention ends',
      },
      'identifiers removed',
    ),
  }),
];
