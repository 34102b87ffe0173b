import { declareTable, notPersonal, personal } from '../db/personal-data.ts';
import { keptForms, oidcIdentities, oidcRequests, sessions, users, userTokens } from './schema.ts';

const SECRET = { withheld: 'a security secret, never given out' };

/** The accounts' columns that can hold personal data, for the data download and erasure (people registers them). */
export const authPersonalData = [
  declareTable(users, {
    email: personal('account', 'replaced'),
    displayName: personal('account', 'replaced'),
    status: notPersonal('one of a fixed list of account states'),
    passwordHash: personal(SECRET, 'cleared'),
    totpSecret: personal(SECRET, 'cleared'),
  }),
  declareTable(sessions, {
    id: notPersonal('the hash of a random token'),
    stage: notPersonal('one of a fixed list of sign-in stages'),
    userAgent: personal({ withheld: 'kept only while the session lasts' }, 'row deleted'),
  }),
  declareTable(userTokens, {
    purpose: notPersonal('one of a fixed list of link purposes'),
    tokenHash: notPersonal('the hash of a random token'),
  }),
  declareTable(keptForms, {
    id: notPersonal('the hash of a random token'),
    url: personal(
      { withheld: 'kept for a day at most, to send a form again' },
      'identifiers removed',
      'the person’s own kept forms are deleted; anyone else’s form that names them loses the name',
    ),
    fields: personal(
      { withheld: 'kept for a day at most, to send a form again' },
      'identifiers removed',
      'the person’s own kept forms are deleted; anyone else’s form that names them loses the name',
    ),
  }),
  declareTable(oidcIdentities, {
    issuer: notPersonal('the address of an identity provider'),
    subject: personal('organisationAccounts', 'row deleted', 'the provider’s identifier for the person'),
    email: personal('organisationAccounts', 'row deleted'),
  }),
  declareTable(oidcRequests, {
    id: notPersonal('the hash of a random token'),
    purpose: notPersonal('one of a fixed list of purposes'),
    state: notPersonal('a random value of the sign-in under way'),
    nonce: notPersonal('a random value of the sign-in under way'),
    codeVerifier: notPersonal('a random value of the sign-in under way'),
  }),
];
