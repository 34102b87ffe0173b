import { uuidv7 } from 'uuidv7';

/**
 * Ids are UUIDv7 made in the application: time-ordered for index locality, unguessable enough for URLs,
 * and not dependent on PostgreSQL 18's uuidv7() (the production server may be older).
 */
export function newId(): string {
  return uuidv7();
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return uuidPattern.test(value);
}
