/**
 * The demo log-ins that `npm start` creates outside production (src/features/people/demo.ts). Written out here
 * so a journey fails loudly if one disappears or is renamed; sign-in.spec.ts checks the sign-in page lists
 * exactly these.
 */
export const DEMO_PASSWORD = 'breadth demo password';

export interface DemoAccount {
  role: string;
  name: string;
  email: string;
  /** Platform administrators, programme directors and programme administrators must use two-factor codes. */
  twoFactor: boolean;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { role: 'Platform administrator', name: 'Alex Morgan', email: 'platform.admin', twoFactor: true },
  { role: 'Programme director', name: 'Dr Priya Raman', email: 'programme.director', twoFactor: true },
  { role: 'Programme administrator', name: 'Sam Okafor', email: 'programme.admin', twoFactor: true },
  { role: 'Educational supervisor', name: 'Dr Helen Whitaker', email: 'educational.supervisor', twoFactor: false },
  { role: 'Clinical supervisor', name: 'Dr Tom Brennan', email: 'clinical.supervisor', twoFactor: false },
  { role: 'Educational fellow', name: 'Dr Aisha Karim', email: 'educational.fellow', twoFactor: false },
  { role: 'Learner', name: 'Dr Jamie Lee', email: 'learner', twoFactor: false },
  { role: 'Placement provider contact', name: 'Chris Daniels', email: 'provider.contact', twoFactor: false },
].map((account) => ({ ...account, email: `${account.email}@demo.breadth.example` }));

export function demoAccount(email: string): DemoAccount {
  const found = DEMO_ACCOUNTS.find((account) => account.email === email || account.email.startsWith(`${email}@`));
  if (found === undefined) throw new Error(`No demo account ${email}`);
  return found;
}

/** The three demo learners, one at each stage (src/features/people/demo.ts); DEMO_ACCOUNTS lists only the first. */
export const DEMO_LEARNERS: readonly (DemoAccount & { stage: string })[] = [
  { ...demoAccount('learner'), stage: 'F2' },
  { role: 'Learner', name: 'Dr Nadia Osei', email: 'learner.f1@demo.breadth.example', twoFactor: false, stage: 'F1' },
  {
    role: 'Learner',
    name: 'Dr Owen Fairweather',
    email: 'learner.st1@demo.breadth.example',
    twoFactor: false,
    stage: 'ST1',
  },
];
