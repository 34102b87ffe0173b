/** Kinds of organisation in a region, from hospital trusts to voluntary partners. */
export const ORGANISATION_KINDS = [
  'acute_trust',
  'community_trust',
  'mental_health_trust',
  'general_practice',
  'hospice',
  'local_authority',
  'charity',
  'other',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const KIND_LABELS: Record<OrganisationKind, string> = {
  acute_trust: 'Acute trust',
  community_trust: 'Community trust',
  mental_health_trust: 'Mental health trust',
  general_practice: 'General practice',
  hospice: 'Hospice',
  local_authority: 'Local authority',
  charity: 'Charity or voluntary organisation',
  other: 'Other',
};

export function isOrganisationKind(value: string): value is OrganisationKind {
  return (ORGANISATION_KINDS as readonly string[]).includes(value);
}

/**
 * A kind as written in a spreadsheet: its code (acute_trust) or its label (Acute trust), in any case and with
 * spaces, hyphens or underscores between words.
 */
export function kindFromText(text: string): OrganisationKind | null {
  const key = text
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  if (isOrganisationKind(key)) return key;
  for (const kind of ORGANISATION_KINDS) {
    if (KIND_LABELS[kind].toLowerCase().replace(/[\s-]+/g, '_') === key) return kind;
  }
  if (key === 'voluntary' || key === 'charity_or_voluntary') return 'charity';
  return null;
}

/** Yes or no as written in a spreadsheet; null when it is neither. */
export function yesNoFromText(text: string): boolean | null {
  const value = text.trim().toLowerCase();
  if (['yes', 'y', 'true', '1'].includes(value)) return true;
  if (['no', 'n', 'false', '0'].includes(value)) return false;
  return null;
}

/** Organisation names are unique in a region whatever their case and spacing. */
export function nameKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * A website as typed: a bare address ("www.cuh.nhs.uk") gets https://. Null when it is not a web address.
 */
export function normaliseWebsite(input: string): string | null {
  const text = input.trim();
  if (text === '' || /\s/.test(text)) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (!url.hostname.includes('.') || url.username !== '' || url.password !== '') return null;
  return withScheme;
}

/** NHS Organisation Data Service codes are 3 to 6 letters and digits (RGT, RGT01, D82001, 8HJ44). */
export function normaliseOdsCode(input: string): string | null {
  const code = input.trim().toUpperCase();
  return /^[A-Z0-9]{3,6}$/.test(code) ? code : null;
}
