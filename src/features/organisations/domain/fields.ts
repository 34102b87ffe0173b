import { z } from 'zod';
import { normaliseOdsCode, normaliseWebsite, ORGANISATION_KINDS } from './organisation.ts';
import { parsePostcode, postcodeMessage } from './postcode.ts';

/**
 * What an organisation and a site are made of, checked the same way whether typed into a form or read from a
 * spreadsheet. Keys are the form's field names.
 */

const requiredText = (empty: string, max: number, tooLong: string) =>
  z.string({ error: empty }).trim().min(1, empty).max(max, tooLong);

/** An optional text field: blank becomes null. */
const optionalText = (max: number, tooLong: string) =>
  z
    .string()
    .trim()
    .max(max, tooLong)
    .optional()
    .transform((value) => (value === undefined || value === '' ? null : value));

const yesNo = (message: string) => z.enum(['yes', 'no'], { error: message }).transform((value) => value === 'yes');

export const organisationFields = z.object({
  name: requiredText('Enter the organisation name', 200, 'Organisation name must be 200 characters or fewer'),
  kind: z.enum(ORGANISATION_KINDS, { error: 'Select the kind of organisation' }),
  isNhs: yesNo('Select yes if the organisation is part of the NHS'),
  isPlacementProvider: yesNo('Select yes if learners are placed with this organisation'),
  odsCode: optionalText(20, 'ODS code must be 6 characters or fewer').transform((value, context) => {
    if (value === null) return null;
    const code = normaliseOdsCode(value);
    if (code === null) {
      context.addIssue({ code: 'custom', message: 'ODS code must be 3 to 6 letters and numbers, like RGT' });
      return z.NEVER;
    }
    return code;
  }),
  website: optionalText(500, 'Website must be 500 characters or fewer').transform((value, context) => {
    if (value === null) return null;
    const website = normaliseWebsite(value);
    if (website === null) {
      context.addIssue({ code: 'custom', message: 'Enter a website address in the correct format, like www.nhs.uk' });
      return z.NEVER;
    }
    return website;
  }),
});
export type OrganisationFields = z.infer<typeof organisationFields>;

export const postcodeField = z
  .string()
  .optional()
  .transform((value, context) => {
    const result = parsePostcode(value ?? '');
    if (!result.ok) {
      context.addIssue({ code: 'custom', message: postcodeMessage(result.problem) });
      return z.NEVER;
    }
    return result.postcode;
  });

export const siteFields = z.object({
  name: requiredText('Enter the site name', 200, 'Site name must be 200 characters or fewer'),
  addressLine1: requiredText(
    'Enter the first line of the address',
    200,
    'Address line 1 must be 200 characters or fewer',
  ),
  addressLine2: optionalText(200, 'Address line 2 must be 200 characters or fewer'),
  town: requiredText('Enter the town or city', 100, 'Town or city must be 100 characters or fewer'),
  postcode: postcodeField,
});
export type SiteFields = z.infer<typeof siteFields>;
