/**
 * The demo region's public pages: East of England news (three posts published over recent months, one scheduled
 * for a week ahead and one draft) and its questions and answers. Invented text; no real person is named.
 */
import type { Db } from '../../platform/db/client.ts';
import { newId } from '../../platform/db/ids.ts';
import { regionIdByCode } from '../organisations/index.ts';
import { faqItems, newsPosts } from './schema.ts';

const DAY_MS = 86_400_000;

interface DemoPost {
  title: string;
  summary: string;
  body: string;
  /** Days from now to publication (negative: already published); null for a draft. */
  publishInDays: number | null;
}

export const DEMO_NEWS: readonly DemoPost[] = [
  {
    title: 'Welcome to our new generalism doctors',
    summary: 'This year’s foundation doctors have started their year across hospital, community and primary care.',
    body: 'This August we welcomed a new group of foundation doctors to the School of Generalism.\n\nEach will spend the year across more than one setting, with an educational supervisor who follows them throughout. Their first learning event day covered **working across boundaries** and how to start a change project.\n\nIf you host a placement and have not yet met your doctor’s supervisor, contact the programme team.',
    publishInDays: -70,
  },
  {
    title: 'Change project showcase: first projects completed',
    summary: 'Two teams have completed change projects and shared them on the public showcase.',
    body: 'Two teams of doctors have completed their change projects this term, one on population health and one on environmental sustainability.\n\n- Both measured their change with run charts before and after\n- Both counted the carbon their change saved or cost\n\nRead them on the [project showcase](/showcase).',
    publishInDays: -35,
  },
  {
    title: 'Preferences for next year’s posts are open',
    summary: 'Doctors joining the programme next August can rank the posts they would like for the next four weeks.',
    body: 'The window for ranking next year’s generalism posts is open for four weeks. Sign in to Breadth to see the posts and rank them.\n\n# What to do\n\n1. Read the posts and the settings each includes\n2. Rank every post you would accept\n3. Submit before the window closes\n\nPosts are allocated by preference. Where two doctors rank a post equally, the allocation is made fairly and the rules are published in the handbook.',
    publishInDays: -9,
  },
  {
    title: 'Learning event day: frailty across settings',
    summary: 'Our next learning event day follows a patient with frailty from the ambulance to home.',
    body: 'Our next learning event day follows one patient with frailty through the emergency department, the ward, a community team and their own home.\n\nPlaces are booked through Breadth.',
    publishInDays: 7,
  },
  {
    title: 'Draft: supervisor development sessions',
    summary: '',
    body: 'Dates and venues to be confirmed with the trusts before this is published.',
    publishInDays: null,
  },
];

export const DEMO_FAQ: readonly { question: string; answer: string }[] = [
  {
    question: 'Who can apply to the School of Generalism?',
    answer:
      'Foundation doctors allocated to the region, and specialty trainees on programmes that include generalism posts. You do not need any experience of community or primary care before you start.',
  },
  {
    question: 'How are posts allocated?',
    answer:
      'By preference. When the window is open you rank every post you would accept. The allocation gives as many doctors as possible a post high on their list, and the programme team checks the result before it is published.',
  },
  {
    question: 'What is Enhance?',
    answer:
      'Enhance is the curriculum the programme follows: six modules, from person-centred practice to population health and sustainability, with outcomes for each stage of training from F1 to ST3.',
  },
  {
    question: 'What is a change project?',
    answer:
      'A quality improvement project in population health or environmental sustainability that you lead with a small team. You set an aim, measure the change with run charts, test ideas in PDSA cycles and count the carbon it saves or costs.',
  },
  {
    question: 'How much time is set aside for learning?',
    answer:
      'Learning event days are part of your working time. Your rota coordinator is told the dates at the start of the year so that you can attend.',
  },
  {
    question: 'What support is there if I am struggling?',
    answer:
      'Talk to your educational supervisor first. You can also contact the programme team in confidence, and the handbook lists the wellbeing services open to every doctor in training.',
  },
  {
    question: 'Can my organisation host a placement?',
    answer:
      'Yes, if it can offer supervised clinical work that adds a setting to a post: a practice, a community service, a hospice or a partner organisation. Contact the programme team to talk it through.',
  },
  {
    question: 'Who do I contact with a question not answered here?',
    answer: 'The programme team. Use the contact form on this site and a member of the team will reply.',
  },
];

export async function seedDemoSite(db: Db, now: Date): Promise<void> {
  const regionId = await regionIdByCode(db, 'east-of-england');
  if (regionId === undefined) throw new Error('The East of England region is missing; run ensureRegions first');
  await db.insert(newsPosts).values(
    DEMO_NEWS.map((post, index) => {
      const publishAt = post.publishInDays === null ? null : new Date(now.getTime() + post.publishInDays * DAY_MS);
      const written = new Date(Math.min(now.getTime(), (publishAt ?? now).getTime()) - (index + 1) * DAY_MS);
      return {
        id: newId(),
        regionId,
        title: post.title,
        summary: post.summary,
        bodyMarkdown: post.body,
        publishAt,
        createdAt: written,
        updatedAt: written,
      };
    }),
  );
  await db.insert(faqItems).values(
    DEMO_FAQ.map((item, index) => ({
      id: newId(),
      regionId,
      question: item.question,
      answerMarkdown: item.answer,
      position: index + 1,
      createdAt: now,
      updatedAt: now,
    })),
  );
}
