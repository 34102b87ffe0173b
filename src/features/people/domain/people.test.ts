import { describe, expect, it } from 'vitest';
import { ROLES } from '../../../platform/auth/roles.ts';
import {
  canChangeAccount,
  canChangeLearnerRecord,
  canSeePerson,
  erasedEmail,
  grantableRoles,
  personalDataFilename,
  redactLinks,
  regionsOfPerson,
} from './people.ts';

describe('people rules', () => {
  it('lets a regional manager see only people with a role in their regions', () => {
    expect(canSeePerson('all', [])).toBe(true);
    expect(canSeePerson(['east'], [{ regionId: 'east' }])).toBe(true);
    expect(canSeePerson(['east'], [{ regionId: 'london' }])).toBe(false);
    expect(canSeePerson(['east'], [{ regionId: null }])).toBe(false);
    expect(canSeePerson([], [{ regionId: 'east' }])).toBe(false);
  });

  it('lets a regional manager change an account only when every role the person holds is in their regions', () => {
    const east = { regionId: 'east' };
    const london = { regionId: 'london' };
    expect(canChangeAccount('all', { roles: [east, london], learner: london })).toBe(true);
    expect(canChangeAccount(['east'], { roles: [east], learner: null })).toBe(true);
    expect(canChangeAccount(['east'], { roles: [east], learner: east })).toBe(true);
    expect(canChangeAccount(['east'], { roles: [east, london], learner: null })).toBe(false);
    expect(canChangeAccount(['east'], { roles: [east], learner: london })).toBe(false);
    expect(canChangeAccount(['east'], { roles: [east, { regionId: null }], learner: null })).toBe(false);
    expect(canChangeAccount(['east', 'london'], { roles: [east, london], learner: london })).toBe(true);
    expect(canChangeLearnerRecord(['east'], east)).toBe(true);
    expect(canChangeLearnerRecord(['east'], london)).toBe(false);
    expect(canChangeLearnerRecord('all', london)).toBe(true);
    expect(canChangeLearnerRecord('all', null)).toBe(false);
  });

  it('keeps the platform administrator role for platform administrators to give', () => {
    expect(grantableRoles(ROLES, false)).not.toContain('platform_admin');
    expect(grantableRoles(ROLES, false)).toHaveLength(ROLES.length - 1);
    expect(grantableRoles(ROLES, true)).toEqual([...ROLES]);
  });

  it('names a person’s regions once each', () => {
    expect(regionsOfPerson([{ regionId: 'a' }, { regionId: null }, { regionId: 'a' }, { regionId: 'b' }])).toEqual([
      'a',
      'b',
    ]);
  });

  it('makes an erased email that identifies nobody', () => {
    expect(erasedEmail('0190a')).toBe('erased-0190a@erased.invalid');
  });

  it('dates the download in London', () => {
    expect(personalDataFilename(new Date('2026-06-30T23:30:00Z'))).toBe('breadth-my-data-2026-07-01.json');
    expect(personalDataFilename(new Date('2026-12-31T23:30:00Z'))).toBe('breadth-my-data-2026-12-31.json');
  });

  it('removes sign-in links from copies of emails', () => {
    expect(redactLinks('Use http://x/auth/set-password/abc_DEF-123 today')).toBe(
      'Use http://x/auth/set-password/[link removed] today',
    );
  });
});
