/** How each kind of entry is shown on its page: the document, in words and (for journeys) a timeline. */
import { CARE_SETTING_LABELS, MDT_ROLE_LABELS, type MdtRole } from './domain/entries.ts';
import { layoutTimeline } from './domain/timeline.ts';
import type { PatientJourney } from './domain/journey.ts';
import type { MdtMeeting } from './domain/mdt.ts';
import { TEMPLATE_LABELS, TEMPLATE_PROMPTS, type Reflection } from './domain/reflection.ts';
import type { Entry } from './repository.ts';

function roles(list: readonly MdtRole[]): string {
  return list.map((role) => MDT_ROLE_LABELS[role]).join(', ');
}

/** The journey as a grid (a lane per setting, a column per day) and the same steps as a list in time order. */
function timeline(journey: PatientJourney) {
  const layout = layoutTimeline(
    journey.steps.map((step) => ({ setting: step.setting, day: step.day, title: step.place })),
  );
  const number = new Map(layout.ordered.map((step, n) => [step.stepIndex, n + 1]));
  return {
    columns: layout.columns.map((column) => column.label),
    lanes: layout.lanes.map((lane, laneIndex) => ({
      label: lane.label,
      cells: layout.columns.map((_, columnIndex) =>
        layout.items
          .filter((item) => item.lane === laneIndex && item.column === columnIndex)
          .map((item) => ({ number: number.get(item.stepIndex) ?? 0 })),
      ),
    })),
    steps: layout.ordered.map((ordered, n) => {
      const step = journey.steps[ordered.stepIndex];
      return {
        number: n + 1,
        day: ordered.dayLabel,
        setting: CARE_SETTING_LABELS[ordered.setting],
        place: step?.place ?? '',
        involved: roles(step?.involved ?? []),
        happened: step?.happened ?? '',
        learned: step?.learned ?? '',
      };
    }),
    crossings: layout.crossings,
  };
}

export function entryView(entry: Entry) {
  if (entry.kind === 'patient_journey') {
    const journey = entry.document as unknown as PatientJourney;
    return {
      kind: entry.kind,
      patient: journey.patient,
      systemReflection: journey.systemReflection,
      ...timeline(journey),
    };
  }
  if (entry.kind === 'reflection') {
    const reflection = entry.document as unknown as Reflection;
    return {
      kind: entry.kind,
      template: TEMPLATE_LABELS[reflection.template],
      answers: TEMPLATE_PROMPTS[reflection.template]
        .map((prompt) => ({ label: prompt.label, text: reflection.answers[prompt.key] ?? '' }))
        .filter((answer) => answer.text !== ''),
    };
  }
  if (entry.kind === 'mdt_meeting') {
    const meeting = entry.document as unknown as MdtMeeting;
    const pairs: [string, string][] = [
      ['Meeting', meeting.meeting],
      ['Setting', `${CARE_SETTING_LABELS[meeting.setting]}${meeting.place === '' ? '' : `, ${meeting.place}`}`],
      ['Who took part', roles(meeting.attendees)],
      ['What was discussed and decided', meeting.discussion],
      ['Your contribution', meeting.contribution],
      ['What you learned', meeting.learned],
    ];
    return { kind: entry.kind, pairs, rows: pairs.map(([key, value]) => writtenRow(key, value)) };
  }
  return { kind: entry.kind };
}

/**
 * A summary list row whose value keeps the line breaks its writer typed: the text escaped, then each line break a
 * <br>, since the NHS macro's own whitespace rules out `white-space: pre-line` on the value.
 */
export function writtenRow(key: string, value: string): { key: { text: string }; value: { html: string } } {
  const escaped = value.replace(/[&<>"']/g, (c) => `&#${String(c.charCodeAt(0))};`);
  return { key: { text: key }, value: { html: escaped.replace(/\r?\n/g, '<br>') } };
}
