import { initAll } from 'nhsuk-frontend';
import { startJobProgress } from './job-progress.ts';
import { startRankOrder } from './rank-order.ts';
import { startSessionTimeout } from './session-timeout.ts';

document.body.classList.add('js-enabled', 'nhsuk-frontend-supported');
initAll();
startSessionTimeout(document);
startRankOrder(document);
startJobProgress(document);
