import { describe, expect, it } from 'vitest';
import { readPage } from './html.ts';

const PAGE = `<!doctype html><html><head><title>t</title></head><body>
<div class="nhsuk-error-summary"><ul class="nhsuk-error-summary__list"><li><a href="#a">Enter the   title</a></li><li><a href="#b">Select a stage</a></li></ul></div>
<main><h1>My   progress</h1>
<h2>Upcoming events</h2><p>Soonest first</p><ul><li><a href="/events/1">Frailty day</a></li></ul>
<h3>Later</h3><p>A later one</p>
<h2>Person-centred practice</h2><p>1 of 2</p>
<table><thead><tr><th>Activity</th><th>Need</th></tr></thead><tbody>
<tr><td><span aria-hidden="true">Activity </span>Inhalers and the planet</td><td>Required</td></tr><tr><td>Ward MDT meeting</td><td> Optional </td></tr></tbody></table>
</main></body></html>`;

describe('readPage', () => {
  const page = readPage(PAGE);

  it('reads the title, the headings and all the text with whitespace collapsed', () => {
    expect(page.title()).toBe('My progress');
    expect(page.headings(2)).toEqual(['Upcoming events', 'Person-centred practice']);
    expect(page.headings()).toEqual(['My progress', 'Upcoming events', 'Later', 'Person-centred practice']);
    expect(page.text()).toContain('Enter the title Select a stage');
  });

  it('reads the part under a heading, lower headings included, up to the next of its level', () => {
    const events = page.section('Upcoming events');
    expect(events.text()).toBe('Soonest first Frailty day Later A later one');
    expect(events.links()).toEqual([{ text: 'Frailty day', href: '/events/1' }]);
    expect(page.section('Later').text()).toBe('A later one');
    expect(page.section('Person-centred practice').rows()).toHaveLength(2);
    expect(() => page.section('Nothing here')).toThrow('No heading "Nothing here"');
  });

  it('reads table rows without the header, the error summary and any selector', () => {
    expect(page.rows()).toEqual([
      ['Inhalers and the planet', 'Required'],
      ['Ward MDT meeting', 'Optional'],
    ]);
    expect(page.errors()).toEqual(['Enter the title', 'Select a stage']);
    expect(page.texts('td:first-child')).toEqual(['Inhalers and the planet', 'Ward MDT meeting']);
  });
});
