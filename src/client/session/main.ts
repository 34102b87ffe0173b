/** The idle-session warning, on every page of someone signed in (the layout adds this island for them). */
import { startSessionTimeout } from './session-timeout.ts';

startSessionTimeout(document);
