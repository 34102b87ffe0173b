import { describe, expect, it } from 'vitest';
import type { Principal, Role } from './auth/roles.ts';
import { NotFoundError } from './errors.ts';
import { ownLearnerId, PROGRAMME_TEAM, runsProgrammeIn, teamRegions } from './policy.ts';

function person(...roles: [Role, string | null][]): Principal {
  return {
    userId: 'u1',
    email: 'person@example.nhs.uk',
    displayName: 'A Person',
    roles: roles.map(([role, regionId]) => ({ role, regionId, organisationId: null })),
    totpEnabled: false,
  };
}

describe('the programme team and its regions', () => {
  it('is the platform administrator and the regions’ directors and administrators', () => {
    expect([...PROGRAMME_TEAM].sort()).toEqual(['platform_admin', 'programme_admin', 'programme_director']);
  });

  it('gives a platform administrator every region', () => {
    const admin = person(['platform_admin', null]);
    expect(teamRegions(admin)).toBe('all');
    expect(runsProgrammeIn(admin, 'any-region')).toBe(true);
  });

  it('gives a director or administrator the regions they hold that role in, and no other', () => {
    const director = person(['programme_director', 'east'], ['programme_admin', 'london'], ['learner', 'north']);
    expect(teamRegions(director)).toEqual(['east', 'london']);
    expect(runsProgrammeIn(director, 'east')).toBe(true);
    expect(runsProgrammeIn(director, 'london')).toBe(true);
    expect(runsProgrammeIn(director, 'north')).toBe(false);
  });

  it('gives supervisors, fellows, learners and provider contacts no region to run', () => {
    for (const role of ['educational_supervisor', 'clinical_supervisor', 'educational_fellow', 'learner'] as const) {
      const someone = person([role, 'east']);
      expect(teamRegions(someone)).toEqual([]);
      expect(runsProgrammeIn(someone, 'east')).toBe(false);
    }
    expect(teamRegions(person(['provider_contact', null]))).toEqual([]);
  });
});

describe('a learner’s own records', () => {
  it('gives a learner their own id', () => {
    expect(ownLearnerId(person(['learner', 'east']))).toBe('u1');
  });

  it('tells anyone else the page does not exist', () => {
    expect(() => ownLearnerId(person(['educational_supervisor', 'east']))).toThrow(NotFoundError);
    expect(() => ownLearnerId(person(['platform_admin', null]))).toThrow(NotFoundError);
  });
});
