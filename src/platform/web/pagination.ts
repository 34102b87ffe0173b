export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
}

export const DEFAULT_PAGE_SIZE = 25;

export function pageNumber(value: unknown): number {
  const n = typeof value === 'string' ? Number.parseInt(value, 10) : typeof value === 'number' ? value : 1;
  return Number.isFinite(n) && n >= 1 ? Math.min(Math.floor(n), 100_000) : 1;
}

export function offsetFor(page: number, pageSize: number = DEFAULT_PAGE_SIZE): number {
  return (page - 1) * pageSize;
}

export function toPage<T>(items: T[], total: number, page: number, pageSize: number = DEFAULT_PAGE_SIZE): Page<T> {
  return { items, total, page, pageSize, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
}

/**
 * The parameters for the nhsuk pagination component (numbered variant), keeping the list's other
 * query parameters (search, filters) on every link.
 */
export function paginationParams(
  page: Page<unknown>,
  basePath: string,
  query: Record<string, string | undefined> = {},
): Record<string, unknown> | null {
  if (page.pageCount <= 1) return null;
  const href = (n: number): string => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== '' && key !== 'page') params.set(key, value);
    }
    if (n > 1) params.set('page', String(n));
    const qs = params.toString();
    return qs === '' ? basePath : `${basePath}?${qs}`;
  };
  const items: Record<string, unknown>[] = [];
  for (let n = 1; n <= page.pageCount; n++) {
    const near = Math.abs(n - page.page) <= 1 || n === 1 || n === page.pageCount;
    if (near) {
      items.push({ number: n, href: href(n), current: n === page.page });
    } else if (items.at(-1)?.ellipsis !== true) {
      items.push({ ellipsis: true });
    }
  }
  return {
    previous: page.page > 1 ? { href: href(page.page - 1) } : undefined,
    next: page.page < page.pageCount ? { href: href(page.page + 1) } : undefined,
    items,
  };
}
