import { declareTable, notPersonal } from '../../platform/db/personal-data.ts';
import { organisations, regions, sites } from './schema.ts';

/** Regions and organisations hold no one's personal data: sites are workplaces, not homes. */
export const organisationsPersonalData = [
  declareTable(regions, {
    code: notPersonal('the code of an NHS England region'),
    name: notPersonal('the name of an NHS England region'),
  }),
  declareTable(organisations, {
    name: notPersonal('the name of an organisation'),
    kind: notPersonal('one of a fixed list of kinds of organisation'),
    odsCode: notPersonal('an organisation’s NHS code'),
    website: notPersonal('an organisation’s public website'),
  }),
  declareTable(sites, {
    name: notPersonal('the name of a hospital, practice or other workplace'),
    addressLine1: notPersonal('the address of a workplace'),
    addressLine2: notPersonal('the address of a workplace'),
    town: notPersonal('the address of a workplace'),
    postcode: notPersonal('the postcode of a workplace'),
  }),
];
