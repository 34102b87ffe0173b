/**
 * The design system's own behaviour (the header menu, details, character counts, …), on every page. The classes
 * are the ones nhsuk-frontend's template sets with an inline script, which our Content-Security-Policy forbids.
 */
import { initAll } from 'nhsuk-frontend';

document.body.classList.add('js-enabled', 'nhsuk-frontend-supported');
initAll();
