/**
 * Reading the allocation forms: a new window (its deadline a London date and time), a learner's ranking (a number
 * per post), pre-allocations, links and swaps. Plain functions and schemas over the posted values, so that every
 * message can be tested without a request; the routes read them through submitForm.
 */
import { z } from 'zod';
import {
  postedList,
  postedText,
  type FieldProblem,
  type FormErrors,
  type FormReader,
} from '../../platform/web/forms.ts';
import { londonParts, londonTime } from '../../shared/london-time.ts';
import { readDateInput, readTime } from '../../shared/dates.ts';
import { MECHANISMS } from './domain/allocate.ts';
import type { NewWindow, WindowChoices } from './service.ts';

export { londonParts, londonTime };

/** The errors with each message once in the summary: two posts with the same number share one message. */
export function eachMessageOnce(errors: FormErrors): FormErrors {
  return {
    list: errors.list.filter((item, index) => errors.list.findIndex((other) => other.text === item.text) === index),
    fields: errors.fields,
  };
}

function field(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  return typeof value === 'string' ? value.trim() : '';
}

/** Reads deadline[day|month|year] and deadlineTime ("17:00", "5pm", "5:30pm") as a London time in the future. */
export function readDeadline(
  body: Record<string, unknown>,
  now: Date,
): { ok: true; deadline: Date } | { ok: false; problem: FieldProblem } {
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
): { ok: true; ranking: string[] } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
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

/** The ranking form, read as submitForm reads it: the posts' ids, first choice first. */
export function rankingForm(posts: readonly RankablePost[], options: { submitting: boolean }): FormReader<string[]> {
  return (values) => {
    const read = readRanking(values, posts, options);
    return read.ok ? { ok: true, data: read.ranking } : read;
  };
}

/**
 * The new window form at the request's time, for the programme year chosen (undefined when none the person may
 * manage was chosen). Learners are chosen one by one, or as every learner of the region at a stage.
 */
export function windowForm(choices: WindowChoices | undefined, now: Date): FormReader<NewWindow> {
  return (values) => {
    const problems: FieldProblem[] = [];
    const problem = (field: string, message: string, href = `#${field}`) => problems.push({ field, href, message });
    if (choices === undefined) problem('programmeYearId', 'Select the programme year');
    const name = postedText(values.name);
    if (name === '') problem('name', 'Enter a name for the window, like F2 2026/27 allocation');
    else if (name.length > 200) problem('name', 'Name must be 200 characters or fewer');
    const postIds = postedList(values.posts);
    if (choices !== undefined && postIds.length === 0) problem('posts', 'Select at least one post');
    let learnerIds: string[] = [];
    const mode = postedText(values.learnerMode);
    if (mode === 'chosen') {
      learnerIds = postedList(values.learners);
      if (learnerIds.length === 0) problem('learners', 'Select at least one learner');
    } else if (mode === 'stage') {
      const stage = postedText(values.stage);
      if (stage === '') problem('stage', 'Select the stage of the learners who may rank these posts');
      else {
        learnerIds = choices?.learners.filter((learner) => learner.stage === stage).map((learner) => learner.id) ?? [];
        if (choices !== undefined && learnerIds.length === 0)
          problem('stage', `There are no learners at stage ${stage} in this region`);
      }
    } else problem('learnerMode', 'Select who may rank the posts');
    const deadline = readDeadline(values, now);
    if (!deadline.ok) problems.push(deadline.problem);
    const mechanism = MECHANISMS.find((item) => item === values.mechanism);
    if (mechanism === undefined) problem('mechanism', 'Select how the posts will be allocated');
    const seed = readSeed(values.seed);
    if (!seed.ok) problem('seed', seed.message);
    if (problems.length > 0 || !deadline.ok || mechanism === undefined || !seed.ok || choices === undefined) {
      return { ok: false, problems };
    }
    return {
      ok: true,
      data: {
        yearId: choices.year.id,
        name,
        postIds,
        learnerIds,
        deadline: deadline.deadline,
        mechanism,
        seed: seed.seed,
      },
    };
  };
}

const REASON_LIMIT = 2000;

/** A choice or text the form needs: trimmed, with the form's own message when it is empty or missing. */
const required = (empty: string) => z.string({ error: empty }).trim().min(1, empty);

const reason = (empty: string) =>
  required(empty).max(REASON_LIMIT, `Reason must be ${String(REASON_LIMIT)} characters or fewer`);

/** Special circumstances: the post the panel fixed for a learner before the run, and why. */
export const preallocationForm = z.object({
  learnerId: required('Select the learner'),
  postId: required('Select the post'),
  reason: reason('Enter the special circumstances the panel agreed'),
});

/** Two learners whose applications are linked, to be placed together. */
export const linkForm = z.object({
  firstLearnerId: required('Select the first learner'),
  secondLearnerId: required('Select the second learner'),
});

/** Two learners placed by the published run who exchange their posts, and why. */
export const swapForm = z.object({
  firstLearnerId: required('Select the first learner'),
  secondLearnerId: required('Select the second learner'),
  reason: reason('Enter the reason for the swap'),
});

/** A button, such as removing a pre-allocation: nothing to read but the form's token. */
export const buttonForm = z.object({});
