/** Reading the stage form's date: the NHS date input's three boxes (day, month and year). */

/** 'YYYY-MM-DD' of a real date from the three boxes of a date input, or a message saying what is wrong. */
export function readDate(
  parts: { day: string; month: string; year: string },
  label: string,
): string | { error: string } {
  const { day, month, year } = parts;
  if (day === '' && month === '' && year === '') return { error: `Enter the ${label}` };
  const missing = [day === '' ? 'day' : '', month === '' ? 'month' : '', year === '' ? 'year' : ''].filter(Boolean);
  if (missing.length > 0) return { error: `The ${label} must include a ${missing.join(' and ')}` };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
    return { error: `The ${label} must be a real date, for example 1 8 2026` };
  }
  const [d, m, y] = [Number(day), Number(month), Number(year)];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return { error: `The ${label} must be a real date` };
  }
  if (y < 2000) return { error: `The ${label} must be in 2000 or later` };
  return date.toISOString().slice(0, 10);
}
