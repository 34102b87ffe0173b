import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { newId } from '../../platform/db/ids.ts';
import type { OrganisationKind } from './domain/organisation.ts';
import { normalisePostcode } from './domain/postcode.ts';
import { organisations, regions, sites } from './schema.ts';

interface DemoOrganisation {
  name: string;
  kind: OrganisationKind;
  isNhs: boolean;
  isPlacementProvider: boolean;
  odsCode?: string;
  website?: string;
  sites: { name: string; addressLine1: string; addressLine2?: string; town: string; postcode: string }[];
}

/**
 * The East of England demo region. NHS trusts and the county council are real public bodies with their main
 * public addresses; the practices, hospice and charities are invented.
 */
export const DEMO_ORGANISATIONS: readonly DemoOrganisation[] = [
  {
    name: 'Cambridge University Hospitals NHS Foundation Trust',
    kind: 'acute_trust',
    isNhs: true,
    isPlacementProvider: true,
    odsCode: 'RGT',
    website: 'https://www.cuh.nhs.uk',
    sites: [{ name: "Addenbrooke's Hospital", addressLine1: 'Hills Road', town: 'Cambridge', postcode: 'CB2 0QQ' }],
  },
  {
    name: 'Norfolk and Norwich University Hospitals NHS Foundation Trust',
    kind: 'acute_trust',
    isNhs: true,
    isPlacementProvider: true,
    odsCode: 'RM1',
    website: 'https://www.nnuh.nhs.uk',
    sites: [
      {
        name: 'Norfolk and Norwich University Hospital',
        addressLine1: 'Colney Lane',
        town: 'Norwich',
        postcode: 'NR4 7UY',
      },
    ],
  },
  {
    name: 'East and North Hertfordshire NHS Trust',
    kind: 'acute_trust',
    isNhs: true,
    isPlacementProvider: true,
    odsCode: 'RWH',
    sites: [{ name: 'Lister Hospital', addressLine1: 'Coreys Mill Lane', town: 'Stevenage', postcode: 'SG1 4AB' }],
  },
  {
    name: 'Mid and South Essex NHS Foundation Trust',
    kind: 'acute_trust',
    isNhs: true,
    isPlacementProvider: true,
    odsCode: 'RAJ',
    sites: [{ name: 'Broomfield Hospital', addressLine1: 'Court Road', town: 'Chelmsford', postcode: 'CM1 7ET' }],
  },
  {
    name: 'West Suffolk NHS Foundation Trust',
    kind: 'acute_trust',
    isNhs: true,
    isPlacementProvider: true,
    odsCode: 'RGR',
    sites: [
      { name: 'West Suffolk Hospital', addressLine1: 'Hardwick Lane', town: 'Bury St Edmunds', postcode: 'IP33 2QZ' },
    ],
  },
  {
    name: "The Queen Elizabeth Hospital King's Lynn NHS Foundation Trust",
    kind: 'acute_trust',
    isNhs: true,
    isPlacementProvider: true,
    odsCode: 'RCX',
    sites: [
      {
        name: 'The Queen Elizabeth Hospital',
        addressLine1: 'Gayton Road',
        town: "King's Lynn",
        postcode: 'PE30 4ET',
      },
    ],
  },
  {
    name: 'Bedfordshire Hospitals NHS Foundation Trust',
    kind: 'acute_trust',
    isNhs: true,
    isPlacementProvider: true,
    odsCode: 'RC9',
    sites: [
      {
        name: 'Luton and Dunstable University Hospital',
        addressLine1: 'Lewsey Road',
        town: 'Luton',
        postcode: 'LU4 0DZ',
      },
    ],
  },
  {
    name: 'North West Anglia NHS Foundation Trust',
    kind: 'acute_trust',
    isNhs: true,
    isPlacementProvider: true,
    odsCode: 'RGN',
    sites: [
      {
        name: 'Peterborough City Hospital',
        addressLine1: 'Edith Cavell Campus',
        addressLine2: 'Bretton Gate',
        town: 'Peterborough',
        postcode: 'PE3 9GZ',
      },
    ],
  },
  {
    name: 'Norfolk Community Health and Care NHS Trust',
    kind: 'community_trust',
    isNhs: true,
    isPlacementProvider: true,
    odsCode: 'RY3',
    sites: [
      { name: 'Norwich Community Hospital', addressLine1: 'Bowthorpe Road', town: 'Norwich', postcode: 'NR2 3TU' },
    ],
  },
  {
    name: 'Cambridgeshire and Peterborough NHS Foundation Trust',
    kind: 'mental_health_trust',
    isNhs: true,
    isPlacementProvider: true,
    odsCode: 'RT1',
    sites: [
      {
        name: 'Fulbourn Hospital',
        addressLine1: 'Elizabeth House',
        addressLine2: 'Cambridge Road, Fulbourn',
        town: 'Cambridge',
        postcode: 'CB21 5EF',
      },
    ],
  },
  {
    name: 'Granta Vale Medical Practice',
    kind: 'general_practice',
    isNhs: true,
    isPlacementProvider: true,
    sites: [{ name: 'Granta Vale Surgery', addressLine1: '14 Mill Lane', town: 'Sawston', postcode: 'CB22 3HY' }],
  },
  {
    name: 'Ouse Meadows Surgery',
    kind: 'general_practice',
    isNhs: true,
    isPlacementProvider: true,
    sites: [
      { name: 'Ouse Meadows Surgery', addressLine1: '2 Riverside Walk', town: 'Huntingdon', postcode: 'PE29 3RT' },
      {
        name: 'Godmanchester branch surgery',
        addressLine1: '41 Post Street',
        town: 'Godmanchester',
        postcode: 'PE29 2AQ',
      },
    ],
  },
  {
    name: 'Brecklands Family Practice',
    kind: 'general_practice',
    isNhs: true,
    isPlacementProvider: true,
    sites: [{ name: 'Brecklands Health Centre', addressLine1: 'Heath Road', town: 'Thetford', postcode: 'IP24 2DS' }],
  },
  {
    name: 'Fenland Lantern Hospice',
    kind: 'hospice',
    isNhs: false,
    isPlacementProvider: true,
    sites: [{ name: 'Lantern House', addressLine1: '7 Orchard Lane', town: 'Wisbech', postcode: 'PE13 2NJ' }],
  },
  {
    name: 'Cambridgeshire County Council',
    kind: 'local_authority',
    isNhs: false,
    isPlacementProvider: false,
    website: 'https://www.cambridgeshire.gov.uk',
    sites: [
      {
        name: 'New Shire Hall',
        addressLine1: 'Emery Crescent',
        addressLine2: 'Alconbury Weald',
        town: 'Huntingdon',
        postcode: 'PE28 4YE',
      },
    ],
  },
  {
    name: 'Cam Valley Carers Network',
    kind: 'charity',
    isNhs: false,
    isPlacementProvider: false,
    sites: [{ name: 'Carers Hub', addressLine1: '22 Market Street', town: 'Ely', postcode: 'CB7 4LS' }],
  },
  {
    name: 'Open Door Community Kitchen',
    kind: 'charity',
    isNhs: false,
    isPlacementProvider: false,
    sites: [{ name: 'Open Door Kitchen', addressLine1: '5 Newmarket Road', town: 'Cambridge', postcode: 'CB5 8DT' }],
  },
];

/** Seeds the demo organisations and their sites in the East of England region. */
export async function seedDemoOrganisations(db: Db, now: Date): Promise<void> {
  const [region] = await db.select().from(regions).where(eq(regions.code, 'east-of-england')).limit(1);
  if (region === undefined) throw new Error('The East of England region is missing; run ensureRegions first');
  for (const demo of DEMO_ORGANISATIONS) {
    const id = newId();
    await db.insert(organisations).values({
      id,
      regionId: region.id,
      name: demo.name,
      kind: demo.kind,
      isNhs: demo.isNhs,
      isPlacementProvider: demo.isPlacementProvider,
      odsCode: demo.odsCode ?? null,
      website: demo.website ?? null,
      createdAt: now,
      updatedAt: now,
    });
    for (const site of demo.sites) {
      const postcode = normalisePostcode(site.postcode);
      if (postcode === null) throw new Error(`Demo postcode ${site.postcode} is not valid`);
      await db.insert(sites).values({
        id: newId(),
        organisationId: id,
        name: site.name,
        addressLine1: site.addressLine1,
        addressLine2: site.addressLine2 ?? null,
        town: site.town,
        postcode,
        createdAt: now,
        updatedAt: now,
      });
    }
  }
}
