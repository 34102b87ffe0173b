/**
 * Reordering a ranking on the preferences page, by keyboard or by dragging. Without JavaScript the page works with
 * the number fields alone; with it, ranked posts are kept in order and each post has "Move up" and "Move down"
 * buttons and a grip to drag it by (mouse, pen or touch). Either way the ranked posts are renumbered 1, 2, 3… and a
 * live region says what happened. Blank (unranked) posts stay blank and below the ranked ones, unless one is dragged
 * in among the ranked posts, which ranks it there. The buttons are the accessible path: the grip is hidden from
 * assistive technology, and the buttons are also the alternative to dragging that WCAG 2.5.7 asks for.
 */

/** How far (CSS pixels) the pointer must move on a grip before it is a drag rather than a click. */
const DRAG_THRESHOLD = 4;
/** Dragging this close (CSS pixels) to the top or bottom of the window scrolls the page, a step each frame. */
const SCROLL_EDGE = 48;
const SCROLL_STEP = 12;

const DRAGGING = 'breadth-rank-dragging';
const DROP_BEFORE = 'breadth-rank-drop-before';
const DROP_AFTER = 'breadth-rank-drop-after';
const LIST_DRAGGING = 'breadth-rank-list--dragging';

/** Where a dragged row would go: the ranked rows in their new order, and the row that shows the drop line. */
interface DropTarget {
  order: HTMLElement[];
  marked: HTMLElement;
  edge: 'before' | 'after';
}

interface Drag {
  row: HTMLElement;
  pointerId: number;
  startX: number;
  startY: number;
  lastY: number;
  started: boolean;
  target: DropTarget | null;
  scrollFrame: number | undefined;
}

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

  const announce = (row: HTMLElement, position: number): void => {
    if (status !== null) status.textContent = `${row.dataset.rankLabel ?? 'Post'} is now number ${String(position)}`;
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
    announce(row, to + 1);
  };

  // ----- Dragging by the grip: pointer events, so mouse, pen and touch all work the same way -----

  let drag: Drag | null = null;

  /**
   * Where the dragged row would go with the pointer at this height: among the other ranked rows, before the first
   * whose middle is below the pointer (so past the last one, it goes last). Null when a drop would change nothing:
   * a ranked row back in its own place, or an unranked row still among the unranked ones.
   */
  const dropTarget = (row: HTMLElement, y: number): DropTarget | null => {
    const current = ranked();
    const others = current.filter((other) => other !== row);
    const last = others.at(-1);
    const wasRanked = current.includes(row);
    if (!wasRanked && last !== undefined && y > last.getBoundingClientRect().bottom) return null;
    let index = 0;
    for (const other of others) {
      const box = other.getBoundingClientRect();
      if (y < box.top + box.height / 2) break;
      index += 1;
    }
    const order = [...others.slice(0, index), row, ...others.slice(index)];
    if (wasRanked && order.every((item, position) => item === current[position])) return null;
    const next = others[index];
    if (next !== undefined) return { order, marked: next, edge: 'before' };
    if (last !== undefined) return { order, marked: last, edge: 'after' };
    return { order, marked: rows()[0] ?? row, edge: 'before' };
  };

  /** Works out the drop target for the pointer's height and draws the drop line there. */
  const track = (y: number): void => {
    if (drag === null) return;
    drag.lastY = y;
    drag.target = dropTarget(drag.row, y);
    for (const item of rows()) item.classList.remove(DROP_BEFORE, DROP_AFTER);
    if (drag.target !== null)
      drag.target.marked.classList.add(drag.target.edge === 'before' ? DROP_BEFORE : DROP_AFTER);
  };

  /** Near the top or bottom of the window, scrolls a step each frame, so a long list can be dragged through. */
  const autoScroll = (): void => {
    if (drag === null) return;
    const by =
      drag.lastY < SCROLL_EDGE ? -SCROLL_STEP : drag.lastY > window.innerHeight - SCROLL_EDGE ? SCROLL_STEP : 0;
    if (by === 0) {
      drag.scrollFrame = undefined;
      return;
    }
    window.scrollBy(0, by);
    track(drag.lastY);
    drag.scrollFrame = window.requestAnimationFrame(autoScroll);
  };

  const onMove = (event: PointerEvent): void => {
    if (drag?.pointerId !== event.pointerId) return;
    if (!drag.started) {
      if (Math.hypot(event.clientX - drag.startX, event.clientY - drag.startY) < DRAG_THRESHOLD) return;
      drag.started = true;
      // A number typed but not yet confirmed (by leaving its box) takes effect first.
      sort();
      drag.row.classList.add(DRAGGING);
      list.classList.add(LIST_DRAGGING);
    }
    event.preventDefault();
    track(event.clientY);
    if (drag.scrollFrame === undefined) autoScroll();
  };

  const onUp = (event: PointerEvent): void => {
    if (drag?.pointerId === event.pointerId) endDrag(true);
  };

  const onCancel = (event: PointerEvent): void => {
    if (drag?.pointerId === event.pointerId) endDrag(false);
  };

  const onKey = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape' || drag === null) return;
    event.preventDefault();
    endDrag(false);
  };

  const onBlur = (): void => {
    endDrag(false);
  };

  /** Ends a drag; on a drop, numbers the ranked rows in their new order, puts them in it and says where it went. */
  const endDrag = (drop: boolean): void => {
    if (drag === null) return;
    const { row, started, target, scrollFrame } = drag;
    drag = null;
    if (scrollFrame !== undefined) window.cancelAnimationFrame(scrollFrame);
    doc.removeEventListener('pointermove', onMove);
    doc.removeEventListener('pointerup', onUp);
    doc.removeEventListener('pointercancel', onCancel);
    doc.removeEventListener('keydown', onKey);
    window.removeEventListener('blur', onBlur);
    for (const item of rows()) item.classList.remove(DRAGGING, DROP_BEFORE, DROP_AFTER);
    list.classList.remove(LIST_DRAGGING);
    if (!drop || !started || target === null) return;
    target.order.forEach((item, index) => {
      const input = inputOf(item);
      if (input !== null) input.value = String(index + 1);
    });
    sort();
    announce(row, target.order.indexOf(row) + 1);
  };

  const startDrag = (row: HTMLElement, event: PointerEvent): void => {
    if (drag !== null || !event.isPrimary || event.button !== 0) return;
    // No text selection, native drag or (with touch-action: none on the grip) scrolling: the grip drags the row.
    event.preventDefault();
    drag = {
      row,
      pointerId: event.pointerId,
      startX: event.clientX,
      startY: event.clientY,
      lastY: event.clientY,
      started: false,
      target: null,
      scrollFrame: undefined,
    };
    doc.addEventListener('pointermove', onMove);
    doc.addEventListener('pointerup', onUp);
    doc.addEventListener('pointercancel', onCancel);
    doc.addEventListener('keydown', onKey);
    window.addEventListener('blur', onBlur);
  };

  for (const row of rows()) {
    const cell = inputOf(row)?.closest('td');
    if (cell === null || cell === undefined) continue;

    // The grip, beside the number field; hidden from assistive technology, for which the buttons below do the same.
    const formGroup = inputOf(row)?.closest('.nhsuk-form-group');
    if (formGroup !== null && formGroup !== undefined) {
      const field = doc.createElement('div');
      field.className = 'breadth-rank-field';
      const grip = doc.createElement('span');
      grip.className = 'breadth-rank-grip';
      grip.dataset.rankGrip = '';
      grip.setAttribute('aria-hidden', 'true');
      grip.title = 'Drag to change the order';
      grip.textContent = '⠿';
      grip.addEventListener('pointerdown', (event) => {
        startDrag(row, event);
      });
      formGroup.before(field);
      field.append(grip, formGroup);
    }

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
