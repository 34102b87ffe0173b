/** Errors a service throws that the web layer turns into the right page and status. */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
  constructor(message = 'Page not found') {
    super(message);
  }
}

export class ForbiddenError extends Error {
  override name = 'ForbiddenError';
  constructor(message = 'You do not have access to this page') {
    super(message);
  }
}

/** A rule of the programme was broken by otherwise well-formed input; shown to the user beside the field. */
export class RuleError extends Error {
  override name = 'RuleError';
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}
