/**
 * The day the tests run on: route tests (createTestApp starts the app's clock here) and the browser journeys (their
 * server starts its clock here: BREADTH_CLOCK_START in playwright.config.ts). A Wednesday in mid-October of the demo
 * year, 10:00 in London, in term, with the academic year two months old. No test depends on today's date.
 *
 * A file of its own, importing nothing, so that playwright.config.ts can read it without loading the app.
 */
export const TEST_NOW = new Date('2026-10-14T09:00:00Z');
