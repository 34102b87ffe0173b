import { describe, expect, it } from 'vitest';
import { ENTRY_KINDS, ENTRY_KIND_LABELS, isEntryKind } from './kinds.ts';

describe('entry kinds', () => {
  it('labels every kind, in sentence case, once', () => {
    expect(Object.keys(ENTRY_KIND_LABELS).sort()).toEqual([...ENTRY_KINDS].sort());
    for (const kind of ENTRY_KINDS) expect(ENTRY_KIND_LABELS[kind]).toMatch(/^[A-Z][a-z]|^MDT /);
    expect(new Set(Object.values(ENTRY_KIND_LABELS)).size).toBe(ENTRY_KINDS.length);
  });

  it('recognises a kind from a posted string', () => {
    expect(isEntryKind('patient_journey')).toBe(true);
    expect(isEntryKind('Patient journey')).toBe(false);
    expect(isEntryKind('')).toBe(false);
    expect(isEntryKind('toString')).toBe(false);
  });
});
