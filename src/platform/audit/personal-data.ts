import { declareTable, notPersonal, personal } from '../db/personal-data.ts';
import { auditEvents } from './schema.ts';

/** The audit log keeps what happened after an erasure, without the erased person's identifiers. */
export const auditPersonalData = [
  declareTable(auditEvents, {
    actorLabel: personal('auditEvents', 'identifiers removed'),
    action: notPersonal('one of a fixed list of actions'),
    entityType: notPersonal('the kind of record changed'),
    entityId: notPersonal('the id of the record changed'),
    summary: personal('auditEvents', 'identifiers removed'),
    before: personal('auditEvents', 'identifiers removed'),
    after: personal('auditEvents', 'identifiers removed'),
    requestId: notPersonal('a random id of the request, to find it in the logs'),
  }),
];
