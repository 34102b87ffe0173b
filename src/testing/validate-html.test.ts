import { describe, expect, it } from 'vitest';
import { htmlProblems } from './validate-html.ts';

/** A whole page around the given body, valid by itself. */
const page = (body: string) =>
  `<!DOCTYPE html><html lang="en"><head><title>A page</title></head><body>${body}</body></html>`;

const rules = async (body: string) =>
  (await htmlProblems(page(body))).map((problem) => problem.replace(/^\d+:\d+ ([^:]+):.*$/, '$1'));

describe('htmlProblems', () => {
  it('finds nothing wrong in a valid page', async () => {
    expect(await htmlProblems(page('<main><h1>Title</h1><h2>Part</h2><p>Words</p></main>'))).toEqual([]);
  });

  it('gives each problem with its line, column and rule', async () => {
    const problems = await htmlProblems(page('<main><h1>A</h1><p id="x">a</p><p id="x">b</p></main>'));
    expect(problems).toEqual([expect.stringMatching(/^1:\d+ no-dup-id: Duplicate ID "x"$/)]);
  });

  it('finds the accessibility defects of a page', async () => {
    expect(await rules('<main><h1>A</h1><input type="text" name="q"></main>')).toEqual(['input-missing-label']);
    expect(await rules('<main><h1>A</h1><h3>Skipped a level</h3></main>')).toEqual(['heading-level']);
    expect(await rules('<main><h1>A</h1><img src="/a.png"></main>')).toEqual(['wcag/h37']);
    expect(await rules('<main><h1>A</h1><p aria-describedby="gone">a</p></main>')).toEqual(['no-missing-references']);
    expect(await rules('<main><h1>A</h1><form><button>Send</button></form></main>')).toEqual([
      'no-implicit-button-type',
    ]);
  });

  it('allows the design system’s own markup, each rule for its component only', async () => {
    const designSystem = [
      '<header class="nhsuk-header" role="banner"><p>NHS</p></header>',
      '<main><div class="nhsuk-notification-banner" role="region" aria-labelledby="banner-title">',
      '<h2 class="nhsuk-notification-banner__title" id="banner-title">Important</h2></div>',
      '<h1>A</h1><a href="/new" role="button" draggable="false" class="nhsuk-button">Add</a>',
      '<fieldset class="nhsuk-fieldset" role="group"><legend>Date</legend></fieldset>',
      '<nav class="nhsuk-pagination" role="navigation" aria-label="Pagination"><a href="/?page=2">Next</a></nav>',
      '</main><footer class="nhsuk-footer" role="contentinfo"><p>Footer</p></footer>',
    ].join('');
    expect(await htmlProblems(page(designSystem))).toEqual([]);
    expect(await rules('<main><h1>A</h1><a href="/new" role="button">Add</a></main>')).toEqual([
      'prefer-native-element',
    ]);
    expect(await rules('<main><h1>A</h1><nav role="navigation"><a href="/">Home</a></nav></main>')).toEqual([
      'no-redundant-role',
    ]);
    expect(await rules('<main><h2 class="nhsuk-heading-m">Starts at h2</h2><h1>A</h1></main>')).toEqual([
      'heading-level',
    ]);
  });
});
