/** Every role in Breadth. Regional roles are held for one region; a provider contact for one organisation. */
export const ROLES = [
  'platform_admin',
  'programme_director',
  'programme_admin',
  'educational_supervisor',
  'clinical_supervisor',
  'educational_fellow',
  'learner',
  'provider_contact',
] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  platform_admin: 'Platform administrator',
  programme_director: 'Programme director',
  programme_admin: 'Programme administrator',
  educational_supervisor: 'Educational supervisor',
  clinical_supervisor: 'Clinical supervisor',
  educational_fellow: 'Educational fellow',
  learner: 'Learner',
  provider_contact: 'Placement provider contact',
};

/** Roles that change programme data for a whole region. */
export const REGIONAL_MANAGERS: readonly Role[] = ['programme_director', 'programme_admin'];
/** Roles that must use two-factor authentication. */
export const TOTP_REQUIRED: readonly Role[] = ['platform_admin', 'programme_director', 'programme_admin'];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export interface RoleAssignment {
  role: Role;
  /** The region the role is held in; null for platform administrators. */
  regionId: string | null;
  /** The placement provider, for provider contacts. */
  organisationId: string | null;
}

/** The signed-in person, as every route and service sees them. */
export interface Principal {
  userId: string;
  email: string;
  displayName: string;
  roles: readonly RoleAssignment[];
  totpEnabled: boolean;
}

export function hasRole(principal: Principal | null | undefined, ...roles: readonly Role[]): boolean {
  return principal?.roles.some((assignment) => roles.includes(assignment.role)) ?? false;
}

export function isPlatformAdmin(principal: Principal | null | undefined): boolean {
  return hasRole(principal, 'platform_admin');
}

/**
 * The regions in which the principal holds one of the roles: 'all' for platform administrators,
 * otherwise a list (possibly empty). Services filter every query by this, so a regional user
 * never sees another region's records.
 */
export function regionsWhere(principal: Principal, roles: readonly Role[]): 'all' | string[] {
  if (isPlatformAdmin(principal)) return 'all';
  const ids = new Set<string>();
  for (const assignment of principal.roles) {
    if (roles.includes(assignment.role) && assignment.regionId !== null) ids.add(assignment.regionId);
  }
  return [...ids];
}

export function canActInRegion(principal: Principal, regionId: string, roles: readonly Role[]): boolean {
  const regions = regionsWhere(principal, roles);
  return regions === 'all' || regions.includes(regionId);
}

export function requiresTotp(roles: readonly RoleAssignment[]): boolean {
  return roles.some((assignment) => TOTP_REQUIRED.includes(assignment.role));
}

/**
 * Who may use a route. Every route declares one (a test walks all routes):
 * - 'public': anyone, signed in or not;
 * - 'authenticated': any signed-in person;
 * - a list of roles: a signed-in person holding at least one of them (resource checks such as
 *   region and ownership still happen in the service).
 */
export type Access = 'public' | 'authenticated' | readonly Role[];
