import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFoundError } from '../errors.ts';
import { signedIn } from '../audit/routes.ts';
import type { JobRow } from './runner.ts';
import type { JobStatus } from './schema.ts';

/** What the progress page polls. */
export interface JobStatusJson {
  status: JobStatus;
  stepsDone: number;
  stepsTotal: number;
  message: string;
  /** Where the result is, once the job has succeeded. */
  href: string | null;
  error: string | null;
}

export function jobStatusJson(job: JobRow): JobStatusJson {
  return {
    status: job.status,
    stepsDone: job.stepsDone,
    stepsTotal: job.stepsTotal,
    message: job.message,
    href: job.status === 'succeeded' ? job.resultHref : null,
    error: job.status === 'failed' ? job.error : null,
  };
}

/** "3 of 10 steps"; the browser code words it the same way (src/client/job-progress/job-progress.ts). */
export function stepsText(job: Pick<JobRow, 'stepsDone' | 'stepsTotal'>): string {
  if (job.stepsTotal === 0) return 'Getting ready';
  return `${String(job.stepsDone)} of ${String(job.stepsTotal)} ${job.stepsTotal === 1 ? 'step' : 'steps'}`;
}

const jobParams = z.object({ id: z.uuid() });

export async function jobRoutes(app: FastifyInstance): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  /** A job is seen only by the person who started it; to anyone else it does not exist. */
  async function ownJob(request: FastifyRequest, id: string): Promise<JobRow> {
    const principal = signedIn(request);
    const job = await app.jobs.find(id);
    if (job?.ownerUserId !== principal.userId) throw new NotFoundError();
    return job;
  }

  routes.get(
    '/jobs/:id',
    { config: { access: 'authenticated' }, schema: { params: jobParams } },
    async (request, reply) => {
      const job = await ownJob(request, request.params.id);
      const finished = job.status === 'succeeded' || job.status === 'failed';
      return reply.page('jobs/views/progress.njk', {
        title: job.title,
        job,
        finished,
        stepsText: stepsText(job),
        statusUrl: `/jobs/${job.id}/status`,
      });
    },
  );

  routes.get(
    '/jobs/:id/status',
    { config: { access: 'authenticated' }, schema: { params: jobParams } },
    async (request, reply) => {
      const job = await ownJob(request, request.params.id);
      return reply.header('cache-control', 'no-store').send(jobStatusJson(job));
    },
  );
}
