/**
 * Warns two minutes before an idle session ends, and lets the person stay signed in without leaving the page.
 * If the session does end, the server keeps any form posted afterwards and offers it back after sign-in, so
 * nothing typed is lost either way.
 */
const WARN_BEFORE_SECONDS = 120;

export function startSessionTimeout(doc: Document): void {
  const idleMeta = doc.querySelector<HTMLMetaElement>('meta[name="breadth-session-idle-seconds"]');
  const csrfMeta = doc.querySelector<HTMLMetaElement>('meta[name="breadth-csrf"]');
  const dialog = doc.querySelector<HTMLDialogElement>('#session-timeout');
  if (idleMeta === null || dialog === null) return;
  const idleSeconds = Number(idleMeta.content);
  if (!Number.isFinite(idleSeconds) || idleSeconds <= WARN_BEFORE_SECONDS) return;

  const countdown = dialog.querySelector<HTMLElement>('[data-countdown]');
  const keepAlive = dialog.querySelector<HTMLButtonElement>('[data-keep-alive]');
  let expiresAt = Date.now() + idleSeconds * 1000;
  let timer: number | undefined;

  const schedule = (): void => {
    window.clearTimeout(timer);
    timer = window.setTimeout(tick, Math.max(1000, expiresAt - Date.now() - WARN_BEFORE_SECONDS * 1000));
  };

  const tick = (): void => {
    const left = Math.round((expiresAt - Date.now()) / 1000);
    if (left <= 0) {
      // The server ends the session itself; reloading shows the sign-in page with a return link.
      window.location.assign(`/auth/sign-in?expired=1&returnTo=${encodeURIComponent(window.location.pathname)}`);
      return;
    }
    if (countdown !== null) {
      const minutes = Math.floor(left / 60);
      const seconds = left % 60;
      countdown.textContent =
        minutes > 0
          ? `${String(minutes)} minute${minutes === 1 ? '' : 's'} ${String(seconds)} seconds`
          : `${String(seconds)} seconds`;
    }
    if (!dialog.open) dialog.showModal();
    timer = window.setTimeout(tick, 1000);
  };

  keepAlive?.addEventListener('click', () => {
    void fetch('/auth/keep-alive', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'x-csrf-token': csrfMeta?.content ?? '', accept: 'application/json' },
    }).then((response) => {
      if (response.ok) {
        expiresAt = Date.now() + idleSeconds * 1000;
        dialog.close();
        schedule();
      } else {
        window.location.assign(`/auth/sign-in?expired=1&returnTo=${encodeURIComponent(window.location.pathname)}`);
      }
    });
  });

  schedule();
}
