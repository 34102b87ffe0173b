import type { Principal, Role } from '../auth/roles.ts';
import { hasRole } from '../auth/roles.ts';

export interface NavItem {
  text: string;
  href: string;
  /** Who sees the item; 'authenticated' for everyone signed in. */
  roles: readonly Role[] | 'authenticated';
  /** Lower comes first. */
  order: number;
  /** One line for the home page's list of areas. */
  description?: string;
}

/** The header's navigation. Features add their own items when they register. */
export class Navigation {
  private readonly items: NavItem[] = [];

  add(item: NavItem): void {
    this.items.push(item);
    this.items.sort((a, b) => a.order - b.order);
  }

  for(
    principal: Principal | null,
    currentPath: string,
  ): { text: string; href: string; current: boolean; description: string | undefined }[] {
    if (principal === null) return [];
    return this.items
      .filter((item) => item.roles === 'authenticated' || hasRole(principal, ...item.roles))
      .map((item) => ({
        text: item.text,
        href: item.href,
        description: item.description,
        current:
          item.href === '/'
            ? currentPath === '/'
            : currentPath === item.href || currentPath.startsWith(`${item.href}/`),
      }));
  }
}

export interface Task {
  text: string;
  href: string;
  /** e.g. "Due 3 December 2026" or "4 waiting". */
  hint?: string;
  status?: 'to do' | 'overdue' | 'in progress';
}

/** A feature's tasks for a person, as they stand at `now` (the time of the request). */
export type TaskProvider = (principal: Principal, now: Date) => Promise<Task[]>;

/** Everything that needs the signed-in person's action, gathered from each feature for their home page. */
export class TaskList {
  private readonly providers: TaskProvider[] = [];

  add(provider: TaskProvider): void {
    this.providers.push(provider);
  }

  async for(principal: Principal, now: Date): Promise<Task[]> {
    const lists = await Promise.all(this.providers.map((provider) => provider(principal, now)));
    return lists.flat();
  }
}
