/**
 * The demo region's handbook: the East of England School of Generalism's sections in invented words, version 1
 * published about four months ago and version 2 three weeks ago, acknowledged by some of the demo people but not by
 * the demo learner, so that their home page asks them to read it.
 */
import { inArray } from 'drizzle-orm';
import { users } from '../../platform/auth/schema.ts';
import type { Db } from '../../platform/db/client.ts';
import { newId } from '../../platform/db/ids.ts';
import { DEMO_DOMAIN } from '../people/index.ts';
import { regionIdByCode } from '../organisations/index.ts';
import { buildContent, type WrittenSection } from './domain/content.ts';
import { SECTIONS } from './domain/sections.ts';
import { programmeFacts } from './facts.ts';
import { handbookAcknowledgements, handbookSections, handbookVersions } from './schema.ts';

const DAY_MS = 86_400_000;

const WRITTEN: Record<string, string> = {
  background: `The East of England School of Generalism exists because most patients do not have one problem. People live with several long-term conditions, move between hospital, general practice, community and social care, and do best when the doctors who see them can look at the whole person and the whole system around them.

Generalism is the skill of caring for that whole person: holding uncertainty, weighing several conditions together, and working across the boundaries between services. It is not the absence of a specialty; it is a specialty-wide way of practising.

The school brings together the region's trusts, practices and partner organisations so that doctors in training learn generalism where it happens, across settings, with supervisors who practise it.`,
  programme: `The programme has three strands that run side by side:

- **Generalism posts.** Foundation year 2 posts that span settings within one integrated care system, so that you follow patients from the acute take into the community.
- **Enhance.** A curriculum of six modules, from person-centred practice to environmental sustainability, met through learning events, reflection and your portfolio.
- **Change projects.** A quality improvement project in population health or sustainability, done with a team and supported by an educational fellow.

Each year you agree your learning plan with your educational supervisor, and your portfolio shows the outcomes you have met at your stage.`,
  expectations_doctors: `As a doctor on the programme we ask you to:

- attend at least three quarters of the learning-event days, and tell the programme team in advance when you cannot;
- keep your portfolio up to date, with a reflection after each learning event and each patient journey you follow;
- meet your educational supervisor at the start, middle and end of each placement;
- take part in a change project with your team, and present it at the annual showcase;
- never record anything in the platform that could identify a patient.`,
  expectations_supervisors: `Educational supervisors meet their learners at the start, middle and end of each placement, agree a learning plan, and sign off evidence within two weeks of it being submitted.

Clinical supervisors give feedback in the workplace, complete supervised learning events when asked, and raise any concern about a learner's progress or wellbeing with the educational supervisor early.

Both should have protected time for supervision in their job plans, and can ask the programme team for supervisor development sessions.`,
  expectations_providers: `Trusts, practices and partner organisations hosting placements agree to:

- give each doctor an induction to the setting and its systems in their first week;
- release doctors for learning-event days and change project work;
- name a clinical supervisor for each placement before it starts;
- tell the programme team at once of any concern about a doctor's safety, wellbeing or conduct.`,
  learning_activities: `Learning happens in several ways, and each maps to the curriculum's outcomes:

- **Learning-event days**, held monthly, mixing teaching, case discussion and simulation.
- **Tasters** in settings you have not worked in, arranged with the programme team.
- **E-learning** for the foundations of each module.
- **Reflection** on patients you follow across settings, written in your portfolio.
- **Your change project**, which evidences the population health and sustainability outcomes.`,
  modules: `The six Enhance modules below are taken from the programme's current curriculum. Each lists what you should be able to do at each stage; your portfolio shows which you have met.`,
  posts: `These are the year's generalism posts and the settings each spans. Every post includes time in at least two settings, so that you see care from both sides of a handover.`,
  events: `The year's learning-event days are below. Book your place on each from the Learning events page; places are limited for simulation sessions.`,
  projects: `Change projects are in one of the areas below. Your project team includes a supervisor and, where it helps, a partner from outside the NHS. An educational fellow supports every project.`,
  assessment: `Your progress is judged on the evidence in your portfolio: reflections, supervised learning events, multi-source feedback and your change project.

Your educational supervisor signs off evidence against outcomes. Once a year an annual review looks at the whole of your portfolio and agrees whether you have met the outcomes of your stage.

If you are not on track, the programme team will agree a plan with you and your supervisor well before the review.`,
  support: `If you are struggling, talk to someone early. You can go to:

- your educational supervisor, or the programme director in confidence;
- the educational fellows, for help with projects and the portfolio;
- NHS Practitioner Health, a free and confidential service for doctors;
- your employer's occupational health service.

Requests to work less than full time, or for time out of the programme, are welcome at any stage: ask the programme team.`,
  contacts: `The programme team answers questions about posts, learning events and the portfolio. Use the contact form on the School of Generalism's page, and we will reply within three working days.

In an emergency about a doctor's safety, contact their employer's medical staffing team directly.`,
};

/** Version 1's words where they differ from today's draft. */
const VERSION_1: Record<string, string> = {
  support: `If you are struggling, talk to your educational supervisor or the programme director in confidence.

NHS Practitioner Health is a free and confidential service for doctors.`,
  assessment: `Your progress is judged on the evidence in your portfolio. Once a year an annual review agrees whether you have met the outcomes of your stage.`,
};

function written(words: Record<string, string>): WrittenSection[] {
  return Object.entries(words).map(([key, bodyMarkdown]) => ({ key, title: '', bodyMarkdown }));
}

/** The demo handbook of the East of England; nothing when the region is missing or already has one. */
export async function seedDemoHandbook(db: Db, now: Date): Promise<void> {
  const regionId = await regionIdByCode(db, 'east-of-england');
  if (regionId === undefined) return;
  const existing = await db.select({ id: handbookVersions.id }).from(handbookVersions).limit(1);
  if (existing.length > 0) return;
  const emails = ['programme.director', 'learner', 'learner.f1', 'educational.supervisor', 'clinical.supervisor'].map(
    (name) => `${name}${DEMO_DOMAIN}`,
  );
  const people = await db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.email, emails));
  const idOf = (name: string) => people.find((person) => person.email === `${name}${DEMO_DOMAIN}`)?.id ?? null;
  const director = idOf('programme.director');

  await db.insert(handbookSections).values(
    SECTIONS.map((section) => ({
      id: newId(),
      regionId,
      key: section.key,
      title: section.title,
      bodyMarkdown: WRITTEN[section.key] ?? '',
      revision: 1,
      updatedAt: new Date(now.getTime() - 22 * DAY_MS),
      updatedBy: director,
    })),
  );

  const firstAt = new Date(now.getTime() - 120 * DAY_MS);
  const secondAt = new Date(now.getTime() - 21 * DAY_MS);
  const facts = await programmeFacts(db, regionId, now);
  const v1 = newId();
  const v2 = newId();
  await db.insert(handbookVersions).values([
    {
      id: v1,
      regionId,
      number: 1,
      changeSummary: 'The first handbook of the School of Generalism.',
      content: buildContent(written({ ...WRITTEN, ...VERSION_1 }), await programmeFacts(db, regionId, firstAt)),
      publishedAt: firstAt,
      publishedBy: director,
    },
    {
      id: v2,
      regionId,
      number: 2,
      changeSummary:
        'Support and wellbeing now lists the fellows and occupational health; assessment explains sign-off and what happens if you are not on track; this year’s learning events added.',
      content: buildContent(written(WRITTEN), facts),
      publishedAt: secondAt,
      publishedBy: director,
    },
  ]);
  const acknowledgements = [
    { versionId: v1, name: 'learner', days: 110 },
    { versionId: v1, name: 'educational.supervisor', days: 115 },
    { versionId: v2, name: 'educational.supervisor', days: 18 },
    { versionId: v2, name: 'clinical.supervisor', days: 12 },
    { versionId: v2, name: 'learner.f1', days: 9 },
  ].flatMap(({ versionId, name, days }) => {
    const userId = idOf(name);
    return userId === null
      ? []
      : [{ id: newId(), versionId, userId, acknowledgedAt: new Date(now.getTime() - days * DAY_MS) }];
  });
  if (acknowledgements.length > 0) await db.insert(handbookAcknowledgements).values(acknowledgements);
}
