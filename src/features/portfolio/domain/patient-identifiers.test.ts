import { describe, expect, it } from 'vitest';
import { patientIdentifierProblem } from './patient-identifiers.ts';

describe('patientIdentifierProblem', () => {
  it.each([
    ['NHS number 943 476 5919 on the letter', '943 476 5919'],
    ['9434765919 asked for a review', '9434765919'],
    ['the man born 12/03/1958 lives alone', '12/03/1958'],
    ['DOB 3.4.51, on four inhalers', '3.4.51'],
    ['hospital number RGT1234567 on the band', 'RGT1234567'],
  ])('finds what points at one patient in “%s”', (text, found) => {
    const problem = patientIdentifierProblem('The note', text);
    expect(problem).toContain(`The note may identify a patient: “${found}”.`);
    expect(problem).toMatch(/Remove it before saving\.$/);
  });

  it.each([
    '',
    'Met Dr Aisha Karim and the practice nurse; agreed the protocol.',
    'Site: Riverside Surgery, CB2 0QQ. Call the link worker on 01234 567890.',
    'Email the pharmacist at pharmacy.lead@nhs.net with the figures.',
    '44 inhalers a week in January 2026; 31 a week by 30 November 2026.',
    'Repeat U&E within 24 hours fell from 31 to 19 per 100 admissions.',
  ])('lets a project’s own words through: “%s”', (text) => {
    expect(patientIdentifierProblem('The note', text)).toBeNull();
  });
});
