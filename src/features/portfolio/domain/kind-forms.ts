/** The form of each kind of entry that is written on one page (the others have journeys of their own). */
import type { KindForm } from './form-reading.ts';
import { journeyForm } from './journey.ts';
import { mdtForm } from './mdt.ts';
import { reflectionForm } from './reflection.ts';

export type WrittenKind = 'patient_journey' | 'reflection' | 'mdt_meeting';
export const WRITTEN_KINDS: readonly WrittenKind[] = ['patient_journey', 'reflection', 'mdt_meeting'];

export const KIND_FORMS: Record<WrittenKind, KindForm<unknown>> = {
  patient_journey: journeyForm as KindForm<unknown>,
  reflection: reflectionForm as KindForm<unknown>,
  mdt_meeting: mdtForm as KindForm<unknown>,
};

export function isWrittenKind(kind: string): kind is WrittenKind {
  return (WRITTEN_KINDS as readonly string[]).includes(kind);
}
