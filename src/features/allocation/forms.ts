/**
 * Reading the allocation forms: the deadline (a London date and time) and a learner's ranking (a number per post).
 * Plain functions over the posted values, so that every message can be tested without a request.
 */
import type { FormErrors } from '../../platform/web/forms.ts';
import { londonParts, londonTime } from '../../shared/london-time.ts';
import { readDateInput, readTime } from '../../shared/dates.ts';

export { londonParts, londonTime };

export interface Problem {
  field: string;
  href: string;
  message: string;
}

export function toFormErrors(problems: readonly Problem[]): FormErrors {
  const errors: FormErrors = { list: [], fields: {} };
  for (const problem of problems) {
    if (errors.fields[problem.field] !== undefined) continue;
    errors.fields[problem.field] = { text: problem.message };
    // Two posts with the same number share one message: the summary lists it once.
    if (!errors.list.some((item) => item.text === problem.message)) {
      errors.list.push({ text: problem.message, href: problem.href });
    }
  }
  return errors;
}

function field(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  return typeof value === 'string' ? value.trim() : '';
}

/** Reads deadline[day|month|year] and deadlineTime ("17:00", "5pm", "5:30pm") as a London time in the future. */
export function readDeadline(
  body: Record<string, unknown>,
  now: Date,
): { ok: true; deadline: Date } | { ok: false; problem: Problem } {
  const date = readDateInput(body, 'deadline', 'Deadline date', { example: '27 3 2027' });
  if (!date.ok) return { ok: false, problem: { field: 'deadline', href: '#deadline-day', message: date.message } };
  const [y, m, d] = date.date.split('-').map(Number) as [number, number, number];
  const dateProblem = (message: string) => ({
    ok: false as const,
    problem: { field: 'deadline', href: '#deadline-day', message },
  });
  const timeText = field(body, 'deadlineTime').toLowerCase().replace(/\s+/g, '');
  const timeProblem = (message: string) => ({
    ok: false as const,
    problem: { field: 'deadlineTime', href: '#deadlineTime', message },
  });
  if (timeText === '') return timeProblem('Enter the deadline time');
  const time = readTime(timeText);
  if (time === null) return timeProblem('Deadline time must be a real time, like 17:00 or 5pm');
  const { hour, minute } = time;
  const deadline = londonTime(y, m, d, hour, minute);
  if (deadline.getTime() <= now.getTime()) return dateProblem('The deadline must be in the future');
  return { ok: true, deadline };
}

export const MAX_SEED = 2_147_483_647;

export function randomSeed(): number {
  return 1 + Math.floor(Math.random() * (MAX_SEED - 1));
}

export function readSeed(value: unknown): { ok: true; seed: number } | { ok: false; message: string } {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '') return { ok: false, message: 'Enter a seed for the lottery, or keep the one suggested' };
  if (!/^\d+$/.test(text) || Number(text) > MAX_SEED) {
    return { ok: false, message: `The seed must be a whole number from 0 to ${String(MAX_SEED)}` };
  }
  return { ok: true, seed: Number(text) };
}

export interface RankablePost {
  id: string;
  code: string;
}

export const rankField = (postId: string) => `rank-${postId}`;

/**
 * A ranking typed as a number beside each post: 1 for the first choice, blank for a post not wanted. The numbers
 * must be whole, each used once, and run from 1 without gaps, so that the order is never a guess.
 */
export function readRanking(
  body: Record<string, unknown>,
  posts: readonly RankablePost[],
  options: { submitting: boolean },
): { ok: true; ranking: string[] } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const ranked: { post: RankablePost; rank: number }[] = [];
  const problem = (post: RankablePost, message: string) =>
    problems.push({ field: rankField(post.id), href: `#${rankField(post.id)}`, message });
  for (const post of posts) {
    const text = field(body, rankField(post.id));
    if (text === '') continue;
    if (!/^\d+$/.test(text)) {
      problem(post, `The number for ${post.code} must be a whole number, like 1, or blank`);
      continue;
    }
    const rank = Number(text);
    if (rank < 1 || rank > posts.length) {
      problem(post, `The number for ${post.code} must be from 1 to ${String(posts.length)}, or blank`);
      continue;
    }
    ranked.push({ post, rank });
  }
  if (problems.length > 0) return { ok: false, problems };
  const byRank = new Map<number, RankablePost[]>();
  for (const { post, rank } of ranked) byRank.set(rank, [...(byRank.get(rank) ?? []), post]);
  for (const [rank, same] of [...byRank].sort((a, b) => a[0] - b[0])) {
    if (same.length < 2) continue;
    const codes = same.map((post) => post.code).join(' and ');
    for (const post of same)
      problem(post, `${codes} both have number ${String(rank)}: give each post a different number`);
  }
  if (problems.length > 0) return { ok: false, problems };
  const highest = Math.max(0, ...ranked.map((item) => item.rank));
  for (let rank = 1; rank <= highest; rank++) {
    if (byRank.has(rank)) continue;
    const after = ranked.filter((item) => item.rank > rank).sort((a, b) => a.rank - b.rank)[0];
    if (after !== undefined) {
      problem(
        after.post,
        `There is no post with number ${String(rank)}: number your choices 1, 2, 3 and so on without gaps`,
      );
    }
    break;
  }
  if (problems.length > 0) return { ok: false, problems };
  if (options.submitting && ranked.length === 0) {
    const first = posts[0];
    return {
      ok: false,
      problems: [
        {
          field: first === undefined ? 'ranking' : rankField(first.id),
          href: first === undefined ? '#ranking' : `#${rankField(first.id)}`,
          message: 'Rank at least one post before you submit: put 1 beside your first choice',
        },
      ],
    };
  }
  return { ok: true, ranking: ranked.sort((a, b) => a.rank - b.rank).map((item) => item.post.id) };
}
