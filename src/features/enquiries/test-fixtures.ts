/** What the enquiries' route tests share: an enquiry as the contact form saves one, and a post from an address. */
import type { LightMyRequestResponse } from 'fastify';
import type { Agent, TestApp } from '../../testing/app.ts';
import { newId } from '../../platform/db/ids.ts';
import type { EnquiryStatus, EnquiryTopic } from './domain/enquiries.ts';
import { insertEnquiry, insertMessage, type Enquiry } from './repository.ts';

let counter = 0;

/** An enquiry of the region with its first message, received at the app's clock unless told. */
export async function addEnquiry(
  t: TestApp,
  regionId: string,
  fields: Partial<{
    topic: EnquiryTopic;
    name: string;
    email: string;
    subject: string;
    status: EnquiryStatus;
    assignedTo: string | null;
    receivedAt: Date;
    closedAt: Date | null;
    message: string;
  }> = {},
): Promise<Enquiry> {
  counter += 1;
  const receivedAt = fields.receivedAt ?? t.app.clock();
  const reference = `ENQ-T${String(counter).padStart(5, '0')}`;
  const enquiry = await insertEnquiry(t.db, {
    id: newId(),
    regionId,
    reference,
    topic: fields.topic ?? 'posts',
    name: fields.name ?? 'Maya Lindqvist',
    email: fields.email ?? 'maya.lindqvist@example.com',
    subject: fields.subject ?? 'Applying for a Generalism F2 post',
    status: fields.status ?? 'new',
    assignedTo: fields.assignedTo ?? null,
    receivedAt,
    updatedAt: receivedAt,
    closedAt: fields.closedAt ?? (fields.status === 'closed' ? receivedAt : null),
  });
  await insertMessage(t.db, {
    id: newId(),
    enquiryId: enquiry.id,
    direction: 'in',
    body: fields.message ?? 'When does the preference window open?',
    sentAt: receivedAt,
  });
  return enquiry;
}

/**
 * Posts a form as the agent would, from a client address of the test's choosing: the contact form is limited per
 * address, so each test sends from its own.
 */
export async function postFrom(
  agent: Agent,
  address: string,
  url: string,
  form: Record<string, string>,
): Promise<LightMyRequestResponse> {
  const body = new URLSearchParams({ _csrf: await agent.csrfToken(), ...form });
  return agent.app.inject({
    method: 'POST',
    url,
    remoteAddress: address,
    headers: {
      cookie: agent.cookieHeader(),
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'text/html',
    },
    payload: body.toString(),
  });
}

/** Follows a redirect with the agent's cookies and those the response set (the one-time message, say). */
export async function follow(agent: Agent, response: LightMyRequestResponse): Promise<LightMyRequestResponse> {
  const set = response.cookies.map((cookie) => `${cookie.name}=${encodeURIComponent(cookie.value)}`);
  const cookie = [agent.cookieHeader(), ...set].filter((part) => part !== '').join('; ');
  return agent.app.inject({
    method: 'GET',
    url: response.headers.location ?? '/',
    headers: { cookie, accept: 'text/html' },
  });
}
