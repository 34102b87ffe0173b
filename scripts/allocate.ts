/**
 * `npm run --silent allocate -- --input FILE`: runs the allocation engine on a JSON file and prints the result.
 *
 * The interface is fixed by issue 4 (other tools depend on it):
 *   input  { mechanism, seed, applicants: [{ id, preferences, rank? }], posts: [{ id, capacity, preferences? }] }
 *   output { "assignments": { applicantId: postId | null }, "stats": { "applicants", "assigned", "byChoice" } }
 * Applicants may also carry `linkedWith` and `preallocatedTo`, posts a `group` (trust), as the engine supports.
 * Bad input exits with status 2 and one line on standard error naming the problem; nothing is printed on standard
 * output then.
 */
import { z } from 'zod';
import { AllocationInputError, MECHANISMS, allocate } from '../src/features/allocation/index.ts';
import { runJsonCommand, UsageError } from './json-command.ts';

const id = z.string().min(1);

const inputSchema = z.object({
  mechanism: z.enum(MECHANISMS),
  seed: z.number().int(),
  applicants: z.array(
    z.object({
      id,
      preferences: z.array(id),
      rank: z.number().optional(),
      linkedWith: id.optional(),
      preallocatedTo: id.optional(),
    }),
  ),
  posts: z.array(
    z.object({
      id,
      capacity: z.number().int().min(1),
      preferences: z.array(id).optional(),
      group: id.optional(),
    }),
  ),
});

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
  const missing = issue.code === 'invalid_type' && issue.message.endsWith('received undefined');
  return `${path === '' ? 'input' : path}: ${missing ? 'missing' : issue.message}`;
}

runJsonCommand(
  'allocate',
  (json) => {
    const parsed = inputSchema.safeParse(json);
    if (!parsed.success) {
      const [first] = parsed.error.issues;
      throw new UsageError(first === undefined ? 'invalid input' : describeIssue(first));
    }
    const result = allocate(parsed.data);
    const { applicants, assigned, byChoice } = result.stats;
    return { assignments: result.assignments, stats: { applicants, assigned, byChoice } };
  },
  [AllocationInputError],
);
