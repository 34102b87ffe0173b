import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { load } from 'cheerio';
import { and, eq } from 'drizzle-orm';
import { Agent, createTestApp, type TestApp } from '../../testing/app.ts';
import { readPage } from '../../testing/html.ts';
import { signedIn } from '../../testing/people.ts';
import { htmlProblems } from '../../testing/validate-html.ts';
import { auditEvents } from '../../platform/audit/schema.ts';
import { outbox } from '../../platform/mail/schema.ts';
import { REFERENCE_PATTERN } from './domain/enquiries.ts';
import { enquiries, enquiryMessages } from './schema.ts';
import { follow, postFrom } from './test-fixtures.ts';

let t: TestApp;
let east = '';
const FORM = '/school/east-of-england/contact';

beforeAll(async () => {
  t = await createTestApp({ globalRateLimit: 100_000 });
  east = t.regionIds['east-of-england'] ?? '';
});
afterAll(async () => t.close());

const filled = (fields: Record<string, string> = {}) => ({
  topic: 'volunteering',
  name: 'Patricia Nwosu',
  email: 'patricia.nwosu@example.com',
  subject: 'Volunteering as an actor',
  message: 'I would like to volunteer for filming.\r\nHow do I sign up?',
  website: '',
  ...fields,
});

/** The texts a field's aria-describedby points at, in order, as a screen reader reads them after its label. */
function descriptionsOf(html: string, id: string): string[] {
  const $ = load(html);
  const ids = ($(`#${id}`).attr('aria-describedby') ?? '').split(/\s+/).filter((part) => part !== '');
  return ids.map((part) => $(`#${part}`).text().replace(/\s+/g, ' ').trim());
}

/** A member of the public on the form, with its token. */
async function visitor(): Promise<Agent> {
  const agent = new Agent(t.app);
  const page = await agent.get(FORM);
  expect(page.statusCode).toBe(200);
  return agent;
}

describe('the public contact form', () => {
  it('is there for each region by its code, with the six topics, a warning about patient details and valid HTML', async () => {
    const response = await new Agent(t.app).get(FORM);
    expect(response.statusCode).toBe(200);
    const page = readPage(response.body);
    expect(page.title()).toBe('Contact us');
    expect(page.text()).toContain('East of England School of Generalism');
    expect(page.text()).toContain('Do not include patient details');
    expect(page.texts('.nhsuk-radios__label')).toEqual([
      'Generalism F2 posts',
      'Enhance programme',
      'Change projects',
      'Volunteering',
      'The 360° learning resource',
      'Something else',
    ]);
    expect(page.links().some((link) => link.href === '/school/east-of-england')).toBe(true);
    // The trap: hidden from people, out of the tab order, never filled in by the browser.
    expect(response.body).toMatch(/<label for="website">Leave this field empty<\/label>/);
    expect(response.body).toMatch(
      /<input type="text" id="website" name="website" value="" tabindex="-1" autocomplete="off">/,
    );
    expect(await htmlProblems(response.body)).toEqual([]);
    expect((await new Agent(t.app).get('/school/london/contact')).statusCode).toBe(200);
  });

  it('tells a screen reader at the subject and the message not to include patient details', async () => {
    const response = await new Agent(t.app).get(FORM);
    const warning = 'Important: Do not include patient details';
    expect(descriptionsOf(response.body, 'subject')).toEqual([warning]);
    expect(descriptionsOf(response.body, 'message')).toEqual([warning, 'Up to 5000 characters']);
  });

  it('answers 404 for a region that does not exist', async () => {
    expect((await new Agent(t.app).get('/school/atlantis/contact')).statusCode).toBe(404);
    const agent = await visitor();
    const response = await postFrom(agent, '203.0.113.9', '/school/atlantis/contact', filled());
    expect(response.statusCode).toBe(404);
  });

  it('shows every problem and keeps what was typed', async () => {
    const agent = await visitor();
    const response = await postFrom(
      agent,
      '203.0.113.10',
      FORM,
      filled({ topic: '', email: 'patricia at example', subject: '' }),
    );
    expect(response.statusCode).toBe(400);
    const page = readPage(response.body);
    expect(page.errors()).toEqual([
      'Select what your enquiry is about',
      'Enter an email address in the correct format, like name@example.com',
      'Enter a subject',
    ]);
    expect(response.body).toContain('value="Patricia Nwosu"');
    expect(response.body).toContain('value="patricia at example"');
    expect(response.body).toContain('How do I sign up?');
    expect(await htmlProblems(response.body)).toEqual([]);
    expect(await t.db.select().from(enquiries).where(eq(enquiries.name, 'Patricia Nwosu'))).toEqual([]);
  });

  it('refuses a subject or message that may identify a patient: says what was found, keeps what was typed, saves and sends nothing', async () => {
    const mailsBefore = (await t.db.select().from(outbox)).length;
    const auditBefore = (await t.db.select().from(auditEvents)).length;
    const agent = await visitor();
    const message = 'My mother, NHS number 943 476 5919, was seen by one of your doctors.\r\nCan I thank them?';
    const response = await postFrom(
      agent,
      '203.0.113.20',
      FORM,
      filled({
        name: 'Careful Sender',
        email: 'careful.sender@example.com',
        subject: 'About my mother, born 3 April 1951',
        message,
      }),
    );
    expect(response.statusCode).toBe(400);
    const subjectProblem =
      'The subject may identify a patient: “3 April 1951”. This looks like a date of birth: it is a full date next to “born”. Remove it before sending. We cannot accept patient details through this form.';
    const messageProblem =
      'Your message may identify a patient: “943 476 5919”. This looks like an NHS number: it has ten digits and its check digit is valid. Remove it before sending. We cannot accept patient details through this form.';
    const page = readPage(response.body);
    expect(page.errors()).toEqual([subjectProblem, messageProblem]);
    expect(page.links().filter((link) => link.href.startsWith('#'))).toEqual(
      expect.arrayContaining([
        { text: subjectProblem, href: '#subject' },
        { text: messageProblem, href: '#message' },
      ]),
    );
    // Inline at each field, and read out with it.
    expect(descriptionsOf(response.body, 'subject')).toEqual([
      'Important: Do not include patient details',
      `Error: ${subjectProblem}`,
    ]);
    expect(descriptionsOf(response.body, 'message')).toEqual([
      'Important: Do not include patient details',
      'Up to 5000 characters',
      `Error: ${messageProblem}`,
    ]);
    // Everything typed is kept, the identifiers too, for the person to take out.
    const $ = load(response.body);
    expect($('input[name="topic"]:checked').val()).toBe('volunteering');
    expect($('#name').val()).toBe('Careful Sender');
    expect($('#email').val()).toBe('careful.sender@example.com');
    expect($('#subject').val()).toBe('About my mother, born 3 April 1951');
    expect($('#message').text()).toBe(message.replace('\r\n', '\n'));
    expect(await htmlProblems(response.body)).toEqual([]);

    expect(await t.db.select().from(enquiries).where(eq(enquiries.name, 'Careful Sender'))).toEqual([]);
    const stored = await t.db.select({ body: enquiryMessages.body }).from(enquiryMessages);
    expect(stored.filter((row) => row.body.includes('943 476 5919'))).toEqual([]);
    expect((await t.db.select().from(outbox)).length).toBe(mailsBefore);
    expect((await t.db.select().from(auditEvents)).length).toBe(auditBefore);

    // With the details taken out, the same enquiry is sent.
    const again = await postFrom(
      agent,
      '203.0.113.20',
      FORM,
      filled({
        name: 'Careful Sender',
        email: 'careful.sender@example.com',
        subject: 'Thanking one of your doctors',
        message: 'One of your doctors looked after my mother in March. Can I thank them?',
      }),
    );
    expect(again.statusCode, readPage(again.body).errors().join(' | ')).toBe(302);
    expect(await t.db.select().from(enquiries).where(eq(enquiries.name, 'Careful Sender'))).toHaveLength(1);
  });

  it('saves a sent enquiry with its message, acknowledges it to the sender and tells the region’s team', async () => {
    const director = await signedIn(t, 'programme_director', east, { name: 'Dr Contact Director' });
    const admin = await signedIn(t, 'programme_admin', east, { name: 'Contact Admin' });
    const agent = await visitor();
    const response = await postFrom(agent, '203.0.113.11', FORM, filled({ name: 'Sent Sender' }));
    expect(response.statusCode, readPage(response.body).errors().join(' | ')).toBe(302);
    expect(response.headers.location).toBe('/school/east-of-england/contact/sent');

    const [saved] = await t.db.select().from(enquiries).where(eq(enquiries.name, 'Sent Sender'));
    expect(saved).toMatchObject({
      regionId: east,
      topic: 'volunteering',
      email: 'patricia.nwosu@example.com',
      subject: 'Volunteering as an actor',
      status: 'new',
      assignedTo: null,
      closedAt: null,
    });
    if (saved === undefined) return;
    expect(saved.reference).toMatch(REFERENCE_PATTERN);
    const messages = await t.db.select().from(enquiryMessages).where(eq(enquiryMessages.enquiryId, saved.id));
    expect(messages.map((message) => [message.direction, message.body])).toEqual([
      ['in', 'I would like to volunteer for filming.\nHow do I sign up?'],
    ]);

    const sent = await follow(agent, response);
    expect(sent.statusCode).toBe(200);
    const page = readPage(sent.body);
    expect(page.text()).toContain(`Your reference is ${saved.reference}`);
    expect(sent.body).not.toContain(saved.id);
    expect(await htmlProblems(sent.body)).toEqual([]);

    const mails = await t.db.select().from(outbox).where(eq(outbox.regionId, east));
    const acknowledgement = mails.find((mail) => mail.toAddress === 'patricia.nwosu@example.com');
    expect(acknowledgement?.subject).toBe(`We have received your enquiry [${saved.reference}]`);
    expect(acknowledgement?.textBody).toContain(`Your reference is ${saved.reference}.`);
    expect(acknowledgement?.textBody).toContain('What happens next');
    expect(acknowledgement?.textBody).not.toContain('http');
    for (const member of [director, admin]) {
      const mail = mails.find((item) => item.toAddress === member.email);
      expect(mail?.subject).toBe(`New enquiry ${saved.reference}: Volunteering`);
      expect(mail?.textBody).toContain(`/enquiries/${saved.id}`);
      // The sender's words and address stay in the app.
      expect(mail?.textBody).not.toContain('patricia.nwosu@example.com');
    }

    const [event] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'enquiry'), eq(auditEvents.entityId, saved.id)));
    expect(event).toMatchObject({ action: 'create', actorLabel: 'Contact form', regionId: east });
    expect(JSON.stringify(event)).not.toContain('Sent Sender');
    expect(JSON.stringify(event)).not.toContain('patricia.nwosu@example.com');
  });

  it('shows no reference to someone who opens the sent page without having sent anything', async () => {
    const response = await new Agent(t.app).get('/school/east-of-england/contact/sent');
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toMatch(/ENQ-[0-9A-Z]{6}/);
    expect(readPage(response.body).title()).toBe('Your enquiry has been sent');
    expect(await htmlProblems(response.body)).toEqual([]);
  });

  it('answers a filled-in trap field exactly as a sent enquiry, but saves and sends nothing', async () => {
    const mailsBefore = (await t.db.select().from(outbox)).length;
    const agent = await visitor();
    const response = await postFrom(
      agent,
      '203.0.113.12',
      FORM,
      filled({ name: 'Trapped Robot', website: 'https://spam.example' }),
    );
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/school/east-of-england/contact/sent');
    const sent = await follow(agent, response);
    expect(readPage(sent.body).text()).toMatch(/Your reference is ENQ-[0-9A-Z]{6}/);
    expect(await t.db.select().from(enquiries).where(eq(enquiries.name, 'Trapped Robot'))).toEqual([]);
    expect((await t.db.select().from(outbox)).length).toBe(mailsBefore);
  });

  it('takes five enquiries from one address in ten minutes, then shows a page saying to wait', async () => {
    const agent = await visitor();
    const address = '203.0.113.13';
    for (let n = 1; n <= 5; n++) {
      // Refused forms count too: the limit is on posting, whatever is posted.
      const response = await postFrom(agent, address, FORM, filled({ topic: '' }));
      expect(response.statusCode).toBe(400);
    }
    const refused = await postFrom(agent, address, FORM, filled({ name: 'Sixth Sender' }));
    expect(refused.statusCode).toBe(429);
    const page = readPage(refused.body);
    expect(page.title()).toBe('You have sent several enquiries');
    expect(page.text()).toContain('Wait 10 minutes');
    expect(await htmlProblems(refused.body)).toEqual([]);
    expect(await t.db.select().from(enquiries).where(eq(enquiries.name, 'Sixth Sender'))).toEqual([]);
    // Another address is not held back.
    const other = await postFrom(agent, '203.0.113.14', FORM, filled({ name: 'Seventh Sender' }));
    expect(other.statusCode).toBe(302);
  });

  it('counts a form refused for patient details towards the limit, as it counts any refused form', async () => {
    const agent = await visitor();
    const address = '203.0.113.15';
    for (let n = 1; n <= 5; n++) {
      const response = await postFrom(
        agent,
        address,
        FORM,
        filled({ message: `Hospital number RGT123456${String(n)}` }),
      );
      expect(response.statusCode).toBe(400);
      expect(readPage(response.body).errors()[0]).toContain('Your message may identify a patient');
    }
    const refused = await postFrom(agent, address, FORM, filled({ name: 'Limited Sender' }));
    expect(refused.statusCode).toBe(429);
    expect(await t.db.select().from(enquiries).where(eq(enquiries.name, 'Limited Sender'))).toEqual([]);
  });
});
