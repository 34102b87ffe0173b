/** What the allocation routes read from a request: the service context and the posted fields. */
export { contextOf as context } from '../../platform/context.ts';

export { postedBody as body, postedList as list, postedText as text } from '../../platform/web/forms.ts';
