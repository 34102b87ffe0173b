/**
 * Drafts are never lost: while a learner writes a portfolio entry, the form is sent to its draft address a couple of
 * seconds after they stop typing (and when they leave a field or the page is hidden). The server keeps it with any
 * patient identifier taken out and answers with what the anonymisation guard found, so the learner hears about an
 * NHS number as they write it rather than when they save. Without JavaScript nothing changes: a failed save keeps a
 * draft on the server too. The status line is a polite live region, changed only when its words change.
 */
const QUIET_MS = 2000;

interface DraftAnswer {
  savedAt: string;
  findings: { field: string; message: string }[];
}

function isDraftAnswer(value: unknown): value is DraftAnswer {
  if (typeof value !== 'object' || value === null) return false;
  const answer = value as Record<string, unknown>;
  return typeof answer.savedAt === 'string' && Array.isArray(answer.findings);
}

function timeOf(iso: string): string {
  return new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' });
}

export function startAutosave(doc: Document, fetcher: typeof fetch = fetch): void {
  const form = doc.querySelector<HTMLFormElement>('form[data-autosave]');
  const status = doc.querySelector<HTMLElement>('[data-autosave-status]');
  if (form === null || status === null) return;
  const address = form.dataset.autosave ?? '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = '';
  let saving = false;

  const say = (text: string, warning = false) => {
    if (status.textContent !== text) status.textContent = text;
    status.classList.toggle('breadth-autosave--warning', warning);
  };

  const serialised = (): string => {
    const body = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      if (typeof value === 'string' && name !== 'action') body.append(name, value);
    }
    return body.toString();
  };
  // The form as the page showed it is not a change: only what the learner types is kept as a draft.
  last = serialised();

  async function save(): Promise<void> {
    const text = serialised();
    if (text === last || saving) return;
    saving = true;
    try {
      const response = await fetcher(address, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: text,
        credentials: 'same-origin',
      });
      const answer: unknown = response.ok ? await response.json() : null;
      if (!isDraftAnswer(answer)) {
        say('Your draft could not be saved just now. What you have written is still here.', true);
        return;
      }
      last = text;
      if (answer.findings.length === 0) say(`Draft saved at ${timeOf(answer.savedAt)}.`);
      else {
        const first = answer.findings[0]?.message ?? '';
        say(`Draft saved at ${timeOf(answer.savedAt)}, without what may identify a patient. ${first}`, true);
      }
    } catch {
      say('Your draft could not be saved just now. What you have written is still here.', true);
    } finally {
      saving = false;
    }
  }

  const soon = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => void save(), QUIET_MS);
  };
  form.addEventListener('input', soon);
  form.addEventListener('change', soon);
  form.addEventListener('focusout', () => void save());
  doc.addEventListener('visibilitychange', () => {
    if (doc.visibilityState === 'hidden') void save();
  });
  // Saving the entry itself is the form's own submit; a draft sent after it would only be deleted again.
  form.addEventListener('submit', () => {
    if (timer !== undefined) clearTimeout(timer);
    saving = true;
  });
}
