import type { Mechanism } from './allocate.ts';

/**
 * How each mechanism works, in plain English, for learners before a preference window opens and for programme
 * teams comparing mechanisms. Allocation that feels opaque is the most common complaint about national
 * allocation; these texts are the promise the engine keeps, so each sentence matches what core.ts does.
 */
export interface MechanismDescription {
  name: string;
  summary: string;
  steps: string[];
  /** What it means for a person ranking posts. */
  advice: string;
}

export const MECHANISM_DESCRIPTIONS: Record<Mechanism, MechanismDescription> = {
  'serial-dictatorship': {
    name: 'Priority order (serial dictatorship)',
    summary:
      'Everyone is put in a priority order, then each person in turn gets their highest choice that still has a place.',
    steps: [
      'Anyone given a place before the run because of special circumstances keeps it.',
      'Everyone else is put in priority order: by rank where the programme uses one, otherwise by a random draw made when the window closes. The draw is recorded so it can be checked.',
      'Starting with priority number 1, each person is given their highest-ranked post that still has a place.',
      'Two people who linked their applications and ranked the same posts in the same order are placed together, using the lower of their two priorities.',
    ],
    advice:
      'Rank posts in your true order of preference. Ranking a post higher never makes you less likely to get a post you ranked lower.',
  },
  'immediate-acceptance': {
    name: 'First preferences first (immediate acceptance)',
    summary:
      'First choices are filled first: every first choice is considered before any second choice, and a place once given is never taken back.',
    steps: [
      'Anyone given a place before the run because of special circumstances keeps it.',
      'Everyone else is put in priority order: by rank where the programme uses one, otherwise by a random draw made when the window closes. The draw is recorded so it can be checked.',
      'Round 1: everyone applies to their first choice. A post with more applicants than places takes them in priority order.',
      'Round 2 and after: everyone still without a place applies to their next choice that still has a place. Places given in earlier rounds are final.',
      'Two people who linked their applications and ranked the same posts in the same order are placed together, using the lower of their two priorities.',
    ],
    advice:
      'More people get their first choice this way, but a popular first choice you do not get can mean your second choice is already full. Think about how popular your first choices are.',
  },
  'deferred-acceptance': {
    name: 'Matching both ways (deferred acceptance)',
    summary:
      'Posts rank applicants too (for example by interview score). Offers are held, not final, until no one can improve: nobody ends up preferring a post that would also have preferred them.',
    steps: [
      'Anyone given a place before the run because of special circumstances keeps it.',
      'Each applicant applies to their first choice. Each post holds on to its best applicants, by its own ranking (or by priority where it has none), up to its number of places, and turns the rest away.',
      'Anyone turned away applies to their next choice, which may mean a post lets go of someone it was holding for someone it ranks higher.',
      'This repeats until no one is turned away. Then the places held become the allocation.',
      'Linked applications are considered separately in this method: keeping every pair together cannot always be done without someone being treated unfairly.',
    ],
    advice:
      'Rank posts in your true order of preference. No other order can get you a better post, and the result is the best each applicant can have among fair results.',
  },
};
