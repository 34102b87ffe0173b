import { addError, emptyErrors, type FormErrors } from '../web/forms.ts';
import { AUDIT_ACTIONS, type AuditAction } from './audit.ts';
import { londonTime } from '../../shared/london-time.ts';

/** What the audit log can be narrowed to. Dates are instants: `from` inclusive, `before` exclusive. */
export interface AuditFilters {
  actor?: string;
  entityType?: string;
  action?: AuditAction;
  entityId?: string;
  from?: Date;
  before?: Date;
}

/** The filter form's fields as typed, so the form shows them again. */
export interface AuditFilterValues {
  actor?: string | undefined;
  entityType?: string | undefined;
  action?: string | undefined;
  entityId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

const MAX_TEXT = 200;

/**
 * Reads a day typed as 25/11/2026, 25 11 2026, 25-11-2026 or 2026-11-25 (what a browser's date field sends)
 * and returns midnight at the start of that day in Europe/London; undefined when it is not a real date.
 */
export function parseLondonDay(value: string): Date | undefined {
  const text = value.trim();
  let day: number;
  let month: number;
  let year: number;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const british = /^(\d{1,2})[\s/.-]+(\d{1,2})[\s/.-]+(\d{4})$/.exec(text);
  if (iso !== null) {
    [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  } else if (british !== null) {
    [day, month, year] = [Number(british[1]), Number(british[2]), Number(british[3])];
  } else {
    return undefined;
  }
  if (year < 2000 || year > 2200 || month < 1 || month > 12 || day < 1) return undefined;
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return undefined; // 31/02 and the like
  return londonTime(year, month, day, 0, 0);
}

function text(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed.slice(0, MAX_TEXT);
}

/**
 * Turns the filter form's query into filters, with NHS-style errors for dates that are not real or are the
 * wrong way round. Filters with errors are left out, so the caller can decide what to show.
 */
export function parseAuditFilters(query: AuditFilterValues): {
  filters: AuditFilters;
  errors: FormErrors;
  values: AuditFilterValues;
} {
  const errors = emptyErrors();
  const filters: AuditFilters = {};
  const values: AuditFilterValues = {
    actor: text(query.actor),
    entityType: text(query.entityType),
    action: text(query.action),
    entityId: text(query.entityId),
    from: text(query.from),
    to: text(query.to),
  };
  if (values.actor !== undefined) filters.actor = values.actor;
  if (values.entityType !== undefined) filters.entityType = values.entityType;
  if (values.entityId !== undefined) filters.entityId = values.entityId;
  if (values.action !== undefined) {
    const action = AUDIT_ACTIONS.find((item) => item === values.action);
    if (action === undefined) addError(errors, 'action', 'Select an action from the list');
    else filters.action = action;
  }
  if (values.from !== undefined) {
    const from = parseLondonDay(values.from);
    if (from === undefined) addError(errors, 'from', 'The ‘from’ date must be a real date, like 25/11/2026');
    else filters.from = from;
  }
  if (values.to !== undefined) {
    const to = parseLondonDay(values.to);
    if (to === undefined) {
      addError(errors, 'to', 'The ‘to’ date must be a real date, like 25/11/2026');
    } else if (filters.from !== undefined && to < filters.from) {
      addError(errors, 'to', 'The ‘to’ date must be the same as or after the ‘from’ date');
    } else {
      // The whole of the 'to' day is included: up to the start of the next London day.
      const next = new Date(to.getTime() + 36 * 3_600_000);
      filters.before = parseLondonDay(
        `${String(next.getUTCFullYear())}-${String(next.getUTCMonth() + 1)}-${String(next.getUTCDate())}`,
      );
    }
  }
  return { filters, errors, values };
}
