/**
 * The demo region's enquiries: six from invented senders across the topics, in every state the inbox shows (new and
 * unassigned, new and assigned, in progress with a reply, closed with its date). Inserted directly: no mail is sent.
 */
import type { Db } from '../../platform/db/client.ts';
import { newId } from '../../platform/db/ids.ts';
import { demoSetting } from '../curriculum/index.ts';
import type { EnquiryStatus, EnquiryTopic } from './domain/enquiries.ts';
import { insertEnquiry, insertMessage } from './repository.ts';
import { regionTeam } from './service.ts';

interface DemoEnquiry {
  reference: string;
  topic: EnquiryTopic;
  name: string;
  email: string;
  subject: string;
  message: string;
  daysAgo: number;
  status: EnquiryStatus;
  assignee?: 'programme.admin' | 'programme.director';
  reply?: { by: 'programme.admin' | 'programme.director'; daysAgo: number; body: string };
  closedDaysAgo?: number;
}

const ENQUIRIES: readonly DemoEnquiry[] = [
  {
    reference: 'ENQ-4HX9TB',
    topic: 'posts',
    name: 'Maya Lindqvist',
    email: 'maya.lindqvist@example.com',
    subject: 'Applying for a Generalism F2 post next year',
    message:
      'I am an F1 doctor in another region and would like to apply for one of your Generalism F2 posts.\n\nWhen does the preference window open, and can I visit a practice first?',
    daysAgo: 1,
    status: 'new',
  },
  {
    reference: 'ENQ-7KQ2M4',
    topic: 'vr',
    name: 'Daniel Achterberg',
    email: 'd.achterberg@example.org',
    subject: 'Using the 360° scenarios with our nursing students',
    message:
      'We teach nursing students at a local college. Could we use your 360° learning scenarios in our simulation sessions, and is there a cost?',
    daysAgo: 3,
    status: 'new',
    assignee: 'programme.admin',
  },
  {
    reference: 'ENQ-9RW3DF',
    topic: 'volunteering',
    name: 'Patricia Nwosu',
    email: 'patricia.nwosu@example.com',
    subject: 'Volunteering as an actor for filming',
    message:
      'I saw that you film scenarios with volunteers. I am retired and have done amateur dramatics for years. How do I sign up?',
    daysAgo: 9,
    status: 'in_progress',
    assignee: 'programme.admin',
    reply: {
      by: 'programme.admin',
      daysAgo: 7,
      body: 'Thank you for offering your time. Our next casting call opens in the spring; we will email you when it does, with the dates and what each role involves.',
    },
  },
  {
    reference: 'ENQ-2MV8QZ',
    topic: 'enhance',
    name: 'Hugo Bellamy',
    email: 'hugo.bellamy@example.org',
    subject: 'Does Enhance count towards my ARCP?',
    message: 'Could you tell me how the Enhance programme fits with my foundation portfolio and annual review?',
    daysAgo: 16,
    status: 'in_progress',
    assignee: 'programme.director',
  },
  {
    reference: 'ENQ-6PJ5NC',
    topic: 'projects',
    name: 'Grace Oyelaran',
    email: 'grace.oyelaran@example.com',
    subject: 'Partnering on a change project about inhalers',
    message:
      'I manage a community pharmacy and would be glad to work with your doctors on a project about inhaler prescribing.',
    daysAgo: 45,
    status: 'closed',
    assignee: 'programme.director',
    reply: {
      by: 'programme.director',
      daysAgo: 40,
      body: 'Thank you, that would be very welcome. I have passed your details to our educational fellow, who will be in touch to arrange a meeting with the team.',
    },
    closedDaysAgo: 38,
  },
  {
    reference: 'ENQ-8TB1WK',
    topic: 'other',
    name: 'Owen Marsh',
    email: 'owen.marsh@example.org',
    subject: 'Speaking at your teaching day',
    message: 'I run a social prescribing service and would be happy to speak at one of your regional teaching days.',
    daysAgo: 120,
    status: 'closed',
    closedDaysAgo: 100,
  },
];

const DAY_MS = 86_400_000;

export async function seedDemoEnquiries(db: Db, now: Date): Promise<void> {
  const setting = await demoSetting(db, now);
  if (setting === undefined) return;
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY_MS);
  // The demo team by their addresses' local part (programme.admin@…, programme.director@…).
  const team = await regionTeam(db, setting.regionId);
  const person = (local: string) => team.find((member) => member.email.startsWith(`${local}@`))?.id ?? null;
  for (const item of ENQUIRIES) {
    const closedAt = item.closedDaysAgo === undefined ? null : at(item.closedDaysAgo);
    const updatedAt = closedAt ?? (item.reply === undefined ? at(item.daysAgo) : at(item.reply.daysAgo));
    const enquiry = await insertEnquiry(db, {
      id: newId(),
      regionId: setting.regionId,
      reference: item.reference,
      topic: item.topic,
      name: item.name,
      email: item.email,
      subject: item.subject,
      status: item.status,
      assignedTo: item.assignee === undefined ? null : person(item.assignee),
      receivedAt: at(item.daysAgo),
      updatedAt,
      closedAt,
    });
    await insertMessage(db, {
      id: newId(),
      enquiryId: enquiry.id,
      direction: 'in',
      body: item.message,
      sentAt: at(item.daysAgo),
    });
    if (item.reply !== undefined) {
      await insertMessage(db, {
        id: newId(),
        enquiryId: enquiry.id,
        direction: 'out',
        body: item.reply.body,
        authorId: person(item.reply.by),
        sentAt: at(item.reply.daysAgo),
      });
    }
  }
}
