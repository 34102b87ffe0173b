/** Reordering a ranking by keyboard or by dragging, on the preferences page while the ranking can be changed. */
import { startRankOrder } from './rank-order.ts';

startRankOrder(document);
