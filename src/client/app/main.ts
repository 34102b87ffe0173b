import { initAll } from 'nhsuk-frontend';
import { startSessionTimeout } from './session-timeout.ts';

document.body.classList.add('js-enabled', 'nhsuk-frontend-supported');
initAll();
startSessionTimeout(document);
