/**
 * An MDT meeting log: a multidisciplinary team meeting the learner took part in, who was round the table, what was
 * decided, what the learner contributed and learned. Patients discussed are described, never named.
 */
import { CARE_SETTINGS, MDT_ROLES, type CareSetting, type MdtRole } from './entries.ts';
import {
  Problems,
  readCommon,
  text,
  type EntryForm,
  type KindForm,
  type ReadContext,
  type Values,
} from './form-reading.ts';
import type { TextField } from './guard.ts';

export interface MdtMeeting {
  /** What kind of meeting: "frailty MDT", "discharge planning", "safeguarding strategy meeting". */
  meeting: string;
  setting: CareSetting;
  organisationId: string | null;
  place: string;
  attendees: MdtRole[];
  discussion: string;
  contribution: string;
  learned: string;
}

function read(values: Values, context: ReadContext) {
  const problems = new Problems();
  const common = readCommon(problems, values, 'Date of the meeting');
  const meeting = problems.text(values, 'meeting', 'The kind of meeting', {
    required: 'Enter the kind of meeting, for example “frailty MDT”',
    max: 200,
  });
  const setting = problems.choice(values, 'setting', CARE_SETTINGS, 'Choose the setting of the meeting');
  const organisationId = text(values, 'organisationId');
  const organisation = context.organisations.find((choice) => choice.id === organisationId);
  if (organisationId !== '' && organisation === undefined) {
    problems.add('organisationId', 'Choose the organisation from the list, or leave it empty');
  }
  const place = problems.text(values, 'place', 'Where the meeting was', { max: 200 });
  const attendees = problems.choices(values, 'attendees', MDT_ROLES);
  if (attendees.length < 2) {
    problems.add('attendees', 'Choose at least two professions who took part: an MDT brings several together');
  }
  const discussion = problems.text(values, 'discussion', 'What was discussed and decided', {
    required: 'Enter what was discussed and decided',
  });
  const contribution = problems.text(values, 'contribution', 'Your contribution', {
    required: 'Enter what you contributed',
  });
  const learned = problems.text(values, 'learned', 'What you learned', { required: 'Enter what you learned' });
  if (!problems.ok) return { ok: false as const, problems: problems.list };
  const data: EntryForm<MdtMeeting> = {
    ...common,
    private: false,
    document: {
      meeting,
      setting,
      organisationId: organisation?.id ?? null,
      place: organisation?.name ?? place,
      attendees,
      discussion,
      contribution,
      learned,
    },
  };
  return { ok: true as const, data };
}

function values(entry: EntryForm<MdtMeeting>): Record<string, unknown> {
  const { document } = entry;
  return {
    title: entry.title,
    meeting: document.meeting,
    setting: document.setting,
    organisationId: document.organisationId ?? '',
    place: document.organisationId === null ? document.place : '',
    attendees: document.attendees,
    discussion: document.discussion,
    contribution: document.contribution,
    learned: document.learned,
  };
}

function texts(entry: { title: string; document: MdtMeeting }): TextField[] {
  const { document } = entry;
  return [
    { field: 'title', label: 'The title', text: entry.title },
    { field: 'meeting', label: 'The kind of meeting', text: document.meeting },
    ...(document.organisationId === null
      ? [{ field: 'place', label: 'Where the meeting was', text: document.place }]
      : []),
    { field: 'discussion', label: 'What was discussed and decided', text: document.discussion },
    { field: 'contribution', label: 'Your contribution', text: document.contribution },
    { field: 'learned', label: 'What you learned', text: document.learned },
  ];
}

export const mdtForm: KindForm<MdtMeeting> = { read, values, texts };
