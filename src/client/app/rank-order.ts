/**
 * Reordering a ranking by keyboard on the preferences page. Without JavaScript the page works with the number
 * fields alone; with it, ranked posts are kept in order and each has "Move up" and "Move down" buttons, which
 * renumber the ranked posts 1, 2, 3… and say what happened in a live region. Blank (unranked) posts stay blank
 * and below the ranked ones.
 */
export function startRankOrder(doc: Document): void {
  const list = doc.querySelector<HTMLElement>('[data-rank-list]');
  if (list === null) return;
  const status = doc.querySelector<HTMLElement>('[data-rank-status]');
  for (const hint of doc.querySelectorAll<HTMLElement>('.breadth-js-only')) hint.hidden = false;

  const rows = (): HTMLElement[] => [...list.querySelectorAll<HTMLElement>('[data-rank-row]')];
  const inputOf = (row: HTMLElement): HTMLInputElement | null => row.querySelector('input');
  const numberOf = (row: HTMLElement): number | null => {
    const value = inputOf(row)?.value.trim() ?? '';
    return /^\d+$/.test(value) ? Number(value) : null;
  };
  const ranked = (): HTMLElement[] => rows().filter((row) => numberOf(row) !== null);

  /** Ranked rows first, by their numbers; unranked rows after them, in the order they were. */
  const sort = (): void => {
    const all = rows();
    const sorted = [
      ...all.filter((row) => numberOf(row) !== null).sort((a, b) => (numberOf(a) ?? 0) - (numberOf(b) ?? 0)),
      ...all.filter((row) => numberOf(row) === null),
    ];
    for (const row of sorted) list.appendChild(row);
  };

  const renumber = (): void => {
    ranked().forEach((row, index) => {
      const input = inputOf(row);
      if (input !== null) input.value = String(index + 1);
    });
  };

  const move = (row: HTMLElement, by: -1 | 1, button: HTMLButtonElement): void => {
    const order = ranked();
    const from = order.indexOf(row);
    const to = from + by;
    if (from < 0 || to < 0 || to >= order.length) return;
    const other = order[to];
    if (other === undefined) return;
    if (by < 0) list.insertBefore(row, other);
    else list.insertBefore(row, other.nextSibling);
    renumber();
    button.focus();
    if (status !== null) status.textContent = `${row.dataset.rankLabel ?? 'Post'} is now number ${String(to + 1)}`;
  };

  for (const row of rows()) {
    const cell = inputOf(row)?.closest('td');
    if (cell === null || cell === undefined) continue;
    const group = doc.createElement('div');
    group.className = 'breadth-rank-buttons';
    for (const [label, by] of [
      ['Move up', -1],
      ['Move down', 1],
    ] as const) {
      const button = doc.createElement('button');
      button.type = 'button';
      button.className = 'nhsuk-button nhsuk-button--secondary nhsuk-button--small';
      button.textContent = label;
      const hidden = doc.createElement('span');
      hidden.className = 'nhsuk-u-visually-hidden';
      hidden.textContent = ` ${row.dataset.rankLabel ?? ''}`;
      button.appendChild(hidden);
      button.addEventListener('click', () => {
        move(row, by, button);
      });
      group.appendChild(button);
    }
    cell.appendChild(group);
    inputOf(row)?.addEventListener('change', sort);
  }
  sort();
}
