/**
 * Validates a page's HTML, for the tests of the pages (pages.test.ts walks every page as each role): it gives each
 * problem as "line:column rule: message", so an empty list is a valid page.
 *
 * The rules are html-validate's standard ones (a server-rendered page's structure: nesting, duplicate ids, attributes,
 * references) with its accessibility rules (labels, aria, headings, alternative text, button types) and its rules for
 * whole documents (doctype, heading order, references to ids that are missing), leaving out its rules of style.
 */
import { HtmlValidate, type Message } from 'html-validate';

const validator = new HtmlValidate({
  extends: ['html-validate:standard', 'html-validate:a11y', 'html-validate:document'],
  rules: {
    // Subresource integrity guards files served from someone else's server; every script and stylesheet of a page
    // is the app's own, served from the same origin, where a hash adds nothing.
    'require-sri': ['error', { target: 'crossorigin' }],
  },
});

/**
 * Markup the NHS.UK frontend's own macros write, which its components need as they are, and the rule each breaks:
 * a message of that rule on that element with that class is the design system's, not the page's. Each is one
 * component's tag, so the same rule still reports anything else.
 */
const DESIGN_SYSTEM: { rule: string; element: string; className: string; why: string }[] = [
  {
    rule: 'no-redundant-role',
    element: 'header',
    className: 'nhsuk-header',
    why: 'the header states its landmark role, as GOV.UK and NHS.UK do for assistive technology that misses the implicit one',
  },
  {
    rule: 'no-redundant-role',
    element: 'footer',
    className: 'nhsuk-footer',
    why: 'the footer states its landmark role, for the same assistive technology',
  },
  {
    rule: 'no-redundant-role',
    element: 'fieldset',
    className: 'nhsuk-fieldset',
    why: 'the date input’s fieldset states role="group" so that screen readers announce its legend with each field',
  },
  {
    rule: 'no-redundant-role',
    element: 'nav',
    className: 'nhsuk-pagination',
    why: 'the pagination component states its navigation role',
  },
  {
    rule: 'prefer-native-element',
    element: 'a',
    className: 'nhsuk-button',
    why: 'the button component made with a link (a start page, a "Add" call to action) is a link styled and announced as a button, and the design system’s script makes the space bar press it',
  },
  {
    rule: 'prefer-native-element',
    element: 'div',
    className: 'nhsuk-notification-banner',
    why: 'the notification banner is a region labelled by its title, as the component is written',
  },
  {
    rule: 'heading-level',
    element: 'h2',
    className: 'nhsuk-notification-banner__title',
    why: 'a notification banner (the flash after an action) stands above the page’s h1 with an h2 title, where the design system places it',
  },
  {
    rule: 'heading-level',
    element: 'h2',
    className: 'nhsuk-error-summary__heading',
    why: 'an error summary stands above the page’s h1 with an h2 title, where the design system places it',
  },
  {
    rule: 'no-implicit-button-type',
    element: 'button',
    className: 'nhsuk-header__account-button',
    why: 'the header’s sign-out button submits its form, as a button does by default',
  },
  {
    rule: 'no-implicit-button-type',
    element: 'button',
    className: 'nhsuk-header__menu-toggle',
    why: 'the header’s menu toggle is in no form, so it submits nothing',
  },
];

/** The name and classes of the start tag the message points into (its element, or the attribute of it named). */
function startTag(html: string, message: Message): { element: string; classes: string[] } {
  const start = html.lastIndexOf('<', message.offset);
  const tag = html.slice(start, html.indexOf('>', message.offset) + 1);
  return {
    element: /^<([a-z0-9-]+)/i.exec(tag)?.[1]?.toLowerCase() ?? '',
    classes: /\sclass="([^"]*)"/.exec(tag)?.[1]?.split(/\s+/) ?? [],
  };
}

function isDesignSystems(html: string, message: Message): boolean {
  const allowed = DESIGN_SYSTEM.filter((entry) => entry.rule === message.ruleId);
  if (allowed.length === 0) return false;
  const { element, classes } = startTag(html, message);
  return allowed.some((entry) => entry.element === element && classes.includes(entry.className));
}

export async function htmlProblems(html: string): Promise<string[]> {
  const report = await validator.validateString(html);
  return report.results.flatMap((result) =>
    result.messages
      .filter((message) => !isDesignSystems(html, message))
      .map((message) => `${String(message.line)}:${String(message.column)} ${message.ruleId}: ${message.message}`),
  );
}
