import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildContent, type HandbookContent } from './content.ts';
import { compareContents, compareLines, hasChanges } from './compare.ts';
import type { ProgrammeFacts } from './facts.ts';
import { SECTIONS } from './sections.ts';
import { dayOf, generatedLines, markdownLines, sectionLines } from './text.ts';

function facts(outcomeText = 'Find out what matters to a patient'): ProgrammeFacts {
  return {
    regionCode: 'east-of-england',
    regionName: 'East of England',
    curriculum: {
      versionNumber: 1,
      stages: [{ code: 'F1', name: 'Foundation year 1' }],
      modules: [
        {
          code: 'PCP',
          title: 'Person-centred practice',
          description: 'Care shaped around what matters to the person.',
          whyItMatters: '',
          stages: [{ code: 'F1', name: 'Foundation year 1', outcomes: [{ code: 'PCP-F1-01', text: outcomeText }] }],
        },
      ],
    },
    year: {
      name: '2026/27',
      startsOn: '2026-08-05',
      endsOn: '2027-08-03',
      posts: [
        {
          code: 'GEN-01',
          title: 'Generalism F2',
          capacity: 2,
          leadEmployer: 'Riverside Trust',
          settings: ['Acute', 'Primary care'],
        },
      ],
      settings: [
        { label: 'Acute', posts: 1 },
        { label: 'Primary care', posts: 1 },
      ],
    },
    events: [
      {
        title: 'Generalism day',
        type: 'Learning event',
        startsAt: '2026-10-20T08:00:00.000Z',
        endsAt: '2026-10-20T16:00:00.000Z',
        venue: 'Cambridge',
        online: false,
      },
    ],
    projectAreas: [{ key: 'population_health', label: 'Population health' }],
  };
}

function content(written: Record<string, string> = {}, outcomeText?: string): HandbookContent {
  return buildContent(
    Object.entries(written).map(([key, bodyMarkdown]) => ({ key, title: '', bodyMarkdown })),
    facts(outcomeText),
  );
}

describe('text lines of a section', () => {
  it('keeps the written lines without the blank ones between paragraphs', () => {
    expect(markdownLines('First paragraph.\n\n- one\n- two\r\n\n\nLast.  ')).toEqual([
      'First paragraph.',
      '- one',
      '- two',
      'Last.',
    ]);
    expect(markdownLines('')).toEqual([]);
    expect(markdownLines('   \n\t\n')).toEqual([]);
  });

  it('gives one line per outcome, post, setting, event and area', () => {
    const built = content();
    const lines = (key: string) =>
      sectionLines(built.sections.find((section) => section.key === key) ?? built.sections[0]!);
    expect(lines('modules')).toEqual([
      'PCP: Person-centred practice',
      'Care shaped around what matters to the person.',
      'Foundation year 1, PCP-F1-01: Find out what matters to a patient',
    ]);
    expect(lines('posts')).toEqual([
      'Posts in 2026/27',
      'GEN-01 Generalism F2, led by Riverside Trust: Acute, Primary care',
      'Acute: 1 post',
      'Primary care: 1 post',
    ]);
    expect(lines('events')).toEqual(['20 October 2026: Generalism day (Learning event), Cambridge']);
    expect(lines('projects')).toEqual(['Population health']);
  });

  it('says so when the programme has no data yet', () => {
    expect(generatedLines({ kind: 'modules', curriculum: null })).toEqual(['No curriculum has been published yet.']);
    expect(generatedLines({ kind: 'posts', year: null })).toEqual(['No programme year has been set up yet.']);
    expect(generatedLines({ kind: 'events', yearName: null, events: [] })).toEqual([
      'No learning events are scheduled yet.',
    ]);
  });

  it('describes online and hybrid events', () => {
    const event = {
      title: 'Webinar',
      type: 'E-learning',
      startsAt: '2026-11-02T12:00:00Z',
      endsAt: '2026-11-02T13:00:00Z',
    };
    expect(
      generatedLines({ kind: 'events', yearName: null, events: [{ ...event, venue: null, online: true }] }),
    ).toEqual(['2 November 2026: Webinar (E-learning), online']);
    expect(
      generatedLines({ kind: 'events', yearName: null, events: [{ ...event, venue: 'Ipswich', online: true }] }),
    ).toEqual(['2 November 2026: Webinar (E-learning), Ipswich and online']);
    expect(
      generatedLines({ kind: 'events', yearName: null, events: [{ ...event, venue: null, online: false }] }),
    ).toEqual(['2 November 2026: Webinar (E-learning), venue to be confirmed']);
  });

  it('shows a day in London, late evening in summer included', () => {
    expect(dayOf('2026-07-01T23:30:00Z')).toBe('2 July 2026');
    expect(dayOf('2026-12-01T23:30:00Z')).toBe('1 December 2026');
    expect(dayOf('not a date')).toBe('not a date');
  });
});

describe('comparing two versions', () => {
  it('finds no changes between a version and itself', () => {
    const same = content({ background: 'Why we exist.\n\n- one' });
    const sections = compareContents(same, same);
    expect(hasChanges(sections)).toBe(false);
    expect(sections.map((section) => section.key)).toEqual(SECTIONS.map((section) => section.key));
  });

  it('shows a changed sentence as one line removed and one added, other sections unchanged', () => {
    const before = content({ support: 'Talk to your supervisor.\nCall the helpline.' });
    const after = content({ support: 'Talk to your supervisor.\nCall the helpline any day.' });
    const sections = compareContents(before, after);
    const support = sections.find((section) => section.key === 'support');
    expect(support?.status).toBe('changed');
    expect(support?.lines).toEqual([
      { kind: 'kept', text: 'Talk to your supervisor.' },
      { kind: 'removed', text: 'Call the helpline.' },
      { kind: 'added', text: 'Call the helpline any day.' },
    ]);
    expect([support?.added, support?.removed]).toEqual([1, 1]);
    expect(sections.filter((section) => section.status === 'changed')).toHaveLength(1);
  });

  it('shows a reworded outcome in the generated part', () => {
    const sections = compareContents(content({}, 'Old wording'), content({}, 'New wording'));
    const modules = sections.find((section) => section.key === 'modules');
    expect(modules?.lines.filter((line) => line.kind !== 'kept')).toEqual([
      { kind: 'removed', text: 'Foundation year 1, PCP-F1-01: Old wording' },
      { kind: 'added', text: 'Foundation year 1, PCP-F1-01: New wording' },
    ]);
  });

  it('notes a renamed section, and sections only one version has', () => {
    const before = content();
    const after = buildContent([{ key: 'contacts', title: 'Who to contact', bodyMarkdown: '' }], facts());
    const contacts = compareContents(before, after).find((section) => section.key === 'contacts');
    expect(contacts).toMatchObject({ status: 'changed', title: 'Who to contact', formerTitle: 'Contacts' });
    const shorter: HandbookContent = { ...before, sections: before.sections.filter((s) => s.key !== 'background') };
    expect(compareContents(shorter, before).find((s) => s.key === 'background')?.status).toBe('added');
    const removed = compareContents(before, shorter);
    expect(removed.at(-1)).toMatchObject({ key: 'background', status: 'removed' });
  });

  const lines = fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', '- item', '## Heading'), { maxLength: 20 });

  it('accounts for every line of both sides exactly once, in order', () => {
    fc.assert(
      fc.property(lines, lines, (from, to) => {
        const result = compareLines(from, to);
        expect(result.filter((line) => line.kind !== 'added').map((line) => line.text)).toEqual(from);
        expect(result.filter((line) => line.kind !== 'removed').map((line) => line.text)).toEqual(to);
      }),
    );
  });

  it('keeps every line when comparing lines with themselves, and swapping sides swaps added and removed', () => {
    fc.assert(
      fc.property(lines, lines, (from, to) => {
        expect(compareLines(from, from).every((line) => line.kind === 'kept')).toBe(true);
        const forward = compareLines(from, to);
        const backward = compareLines(to, from);
        expect(forward.filter((l) => l.kind === 'added').length).toBe(
          backward.filter((l) => l.kind === 'removed').length,
        );
        expect(forward.filter((l) => l.kind === 'removed').length).toBe(
          backward.filter((l) => l.kind === 'added').length,
        );
      }),
    );
  });

  it('finds no changes between any content and itself, and a change wherever the words differ', () => {
    const words = fc.dictionary(fc.constantFrom(...SECTIONS.map((s) => s.key)), fc.string({ maxLength: 60 }));
    fc.assert(
      fc.property(words, words, (a, b) => {
        const left = content(a);
        const right = content(b);
        expect(hasChanges(compareContents(left, left))).toBe(false);
        const differs = SECTIONS.some(
          (s) => markdownLines(a[s.key] ?? '').join('\n') !== markdownLines(b[s.key] ?? '').join('\n'),
        );
        expect(hasChanges(compareContents(left, right))).toBe(differs);
      }),
    );
  });
});
