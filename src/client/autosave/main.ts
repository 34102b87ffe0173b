/** An entry's form keeps a draft on the server as the learner writes (src/features/portfolio). */
import { startAutosave } from './autosave.ts';

startAutosave(document);
