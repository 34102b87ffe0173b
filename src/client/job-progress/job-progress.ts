/**
 * The progress page of a long job (/jobs/:id) keeps itself up to date. Without JavaScript the page has a "Check
 * progress" link that reloads it; with it, the page asks the job's status address about every 700 ms and moves
 * the progress bar. The current step is in a polite live region, changed only when the step's words or the
 * job's status change, so a screen reader hears each new step once and not every poll. When the job succeeds
 * the browser goes to its result; when it fails the page reloads to show the error summary, which takes focus.
 */
const POLL_MS = 700;
const MAX_WAIT_MS = 10_000;
const MAX_FAILURES = 8;

interface JobStatus {
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  stepsDone: number;
  stepsTotal: number;
  message: string;
  href: string | null;
}

function isJobStatus(value: unknown): value is JobStatus {
  if (typeof value !== 'object' || value === null) return false;
  const job = value as Record<string, unknown>;
  return (
    typeof job.status === 'string' &&
    ['queued', 'running', 'succeeded', 'failed'].includes(job.status) &&
    typeof job.stepsDone === 'number' &&
    typeof job.stepsTotal === 'number' &&
    typeof job.message === 'string' &&
    (typeof job.href === 'string' || job.href === null)
  );
}

/** Worded as the server words it (stepsText in src/platform/jobs/routes.ts). */
function stepsText(done: number, total: number): string {
  if (total === 0) return 'Getting ready';
  return `${String(done)} of ${String(total)} ${total === 1 ? 'step' : 'steps'}`;
}

export function startJobProgress(doc: Document): void {
  const root = doc.querySelector<HTMLElement>('[data-job-progress]');
  if (root === null) return;
  const url = root.dataset.statusUrl;
  let status = root.dataset.status;
  if (url === undefined || status === 'succeeded' || status === 'failed') return;
  const bar = root.querySelector<HTMLProgressElement>('progress[data-job-bar]');
  const steps = root.querySelector<HTMLElement>('[data-job-steps]');
  const message = root.querySelector<HTMLElement>('[data-job-message]');
  let shownMessage = message?.textContent.trim();
  let failures = 0;

  const show = (job: JobStatus): void => {
    const text = stepsText(job.stepsDone, job.stepsTotal);
    if (bar !== null) {
      if (job.stepsTotal > 0) {
        bar.max = job.stepsTotal;
        bar.value = job.stepsDone;
      } else {
        bar.removeAttribute('value');
      }
      bar.textContent = text;
    }
    if (steps !== null) steps.textContent = text;
    if (message !== null && (job.message !== shownMessage || job.status !== status)) {
      message.textContent = job.message;
      shownMessage = job.message;
    }
    status = job.status;
  };

  const schedule = (): void => {
    const wait = failures === 0 ? POLL_MS : Math.min(MAX_WAIT_MS, POLL_MS * 2 ** failures);
    window.setTimeout(() => void poll(), wait);
  };

  const failed = (): void => {
    // The "Check progress" link is still there when the status address cannot be reached for a while.
    failures += 1;
    if (failures < MAX_FAILURES) schedule();
  };

  const poll = async (): Promise<void> => {
    let job: unknown;
    try {
      const response = await fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } });
      // Signed out meanwhile: reloading shows the sign-in page, which returns here.
      if (response.status === 401) {
        window.location.reload();
        return;
      }
      // A job that is not (or no longer) this person's: nothing more to ask.
      if (response.status >= 400 && response.status < 500) return;
      if (!response.ok) {
        failed();
        return;
      }
      job = await response.json();
    } catch {
      failed();
      return;
    }
    if (!isJobStatus(job)) return;
    if (job.status === 'succeeded' && job.href !== null) {
      window.location.assign(job.href);
      return;
    }
    if (job.status === 'failed') {
      window.location.reload();
      return;
    }
    failures = 0;
    show(job);
    schedule();
  };

  schedule();
}
