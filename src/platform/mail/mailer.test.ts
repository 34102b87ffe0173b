import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client.ts';
import { openTestDatabase } from '../db/testing.ts';
import { Mailer } from './mailer.ts';
import { outbox } from './schema.ts';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

interface Received {
  from: string;
  to: string[];
  data: string;
}

/** A real SMTP peer on a free port of 127.0.0.1: plain text, no authentication, as a relay on a private network. */
async function startSmtp(
  overrides: Partial<SMTPServerOptions> = {},
): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((address) => address.address),
          data: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
    ...overrides,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${String(port)}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const SECRET = 'mail-test-secret-mail-test-secret-12345';

describe('Mailer', () => {
  let database: Database;

  /** A mailer as the app makes one, sending to `smtpUrl` (or holding mail without it), outside the demo by default. */
  function mailerFor(
    smtpUrl: string | undefined,
    options: { from?: string; secret?: string; revealLinks?: boolean; now?: () => Date } = {},
  ): Mailer {
    return new Mailer(database.db, {
      smtpUrl,
      from: options.from ?? 'breadth@example.nhs.uk',
      log: silent,
      secret: options.secret ?? SECRET,
      revealLinks: options.revealLinks ?? false,
      now: options.now,
    });
  }
  const cleanups: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  afterAll(async () => database.close());

  async function row(id: string) {
    const [mail] = await database.db.select().from(outbox).where(eq(outbox.id, id));
    return mail!;
  }

  it('holds mail when no SMTP server is configured', async () => {
    const mailer = mailerFor(undefined, { from: 'Breadth <breadth@example.nhs.uk>' });
    expect(mailer.delivering).toBe(false);
    const id = await mailer.queue(database.db, { to: 'held@example.nhs.uk', subject: 'Held', text: 'Body' });
    await mailer.deliverPending();
    expect((await row(id)).status).toBe('held');
    await mailer.stop();
  });

  it('delivers queued mail to the SMTP server and marks it sent', async () => {
    const smtp = await startSmtp();
    const mailer = mailerFor(smtp.url, { from: 'Breadth <breadth@example.nhs.uk>' });
    cleanups.push(smtp.close, () => mailer.stop());
    expect(mailer.delivering).toBe(true);
    const id = await mailer.queue(database.db, {
      to: 'learner@example.nhs.uk',
      subject: 'You are invited to Breadth',
      text: 'Use this link: https://breadth.example/auth/set-password/abc',
    });
    expect((await row(id)).status).toBe('queued');

    await mailer.deliverPending();

    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail?.from).toBe('breadth@example.nhs.uk');
    expect(mail?.to).toEqual(['learner@example.nhs.uk']);
    expect(mail?.data).toContain('Subject: You are invited to Breadth');
    expect(mail?.data).toContain('https://breadth.example/auth/set-password/abc');
    const saved = await row(id);
    expect(saved.status).toBe('sent');
    expect(saved.sentAt).not.toBeNull();
    expect(saved.attempts).toBe(1);
    expect(saved.lastError).toBeNull();

    // Sent mail is not sent twice.
    await mailer.deliverPending();
    expect(smtp.received).toHaveLength(1);
  });

  it('sends a sign-in link but stores it masked, and keeps no usable copy once sent', async () => {
    const smtp = await startSmtp();
    const mailer = mailerFor(smtp.url);
    cleanups.push(smtp.close, () => mailer.stop());
    const token = 'Tok3n-sets-a-password_01';
    const id = await mailer.queue(database.db, {
      to: 'invited@example.nhs.uk',
      subject: 'You are invited to Breadth',
      text: `Create your password:\nhttps://b.example/auth/set-password/${token}`,
      secrets: [token],
    });
    const queued = await row(id);
    expect(queued.textBody).toBe('Create your password:\nhttps://b.example/auth/set-password/[link hidden]');
    expect(JSON.stringify(queued)).not.toContain(token);
    expect(queued.sealedText).not.toBeNull();
    expect(mailer.readableText(queued)).toBe(queued.textBody);

    await mailer.deliverPending();
    expect(smtp.received[0]?.data).toContain(`https://b.example/auth/set-password/${token}`);
    const sent = await row(id);
    expect(sent.status).toBe('sent');
    expect(sent.sealedText).toBeNull();
  });

  it('keeps no link at all for mail held in production, and a working one only for the demo', async () => {
    const token = 'Tok3n-held-in-the-outbox_0123456789';
    const message = {
      to: 'held@example.nhs.uk',
      subject: 'Reset your Breadth password',
      text: `Use this link: https://breadth.example/auth/set-password/${token}`,
      secrets: [token],
    };
    const production = mailerFor(undefined);
    const held = await row(await production.queue(database.db, message));
    expect(held.sealedText).toBeNull();
    expect(production.readableText(held)).not.toContain(token);

    const demo = mailerFor(undefined, { revealLinks: true });
    const shown = await row(await demo.queue(database.db, message));
    expect(shown.textBody).not.toContain(token);
    expect(demo.readableText(shown)).toBe(message.text);
    // Under another server secret the sealed text cannot be opened: the masked text is shown.
    const other = mailerFor(undefined, { secret: 'another-secret-another-secret-another-1', revealLinks: true });
    expect(other.readableText(shown)).toBe(shown.textBody);
  });

  it('records the attempt and the error when the server refuses, and keeps the mail queued to retry', async () => {
    const smtp = await startSmtp({
      onRcptTo(_address, _session, callback) {
        const error = Object.assign(new Error('Mailbox unavailable'), { responseCode: 450 });
        callback(error);
      },
    });
    const mailer = mailerFor(smtp.url);
    cleanups.push(smtp.close, () => mailer.stop());
    const created = new Date();
    const id = await mailer.queue(
      database.db,
      { to: 'refused@example.nhs.uk', subject: 'Refused', text: 'Body' },
      created,
    );

    await mailer.deliverPending(created);

    expect(smtp.received).toHaveLength(0);
    const failed = await row(id);
    expect(failed.status).toBe('queued');
    expect(failed.attempts).toBe(1);
    expect(failed.lastError).toContain('Mailbox unavailable');
    expect(failed.sentAt).toBeNull();

    // Backing off: not tried again a minute later, tried again after two minutes.
    await mailer.deliverPending(new Date(created.getTime() + 60_000));
    expect((await row(id)).attempts).toBe(1);
    await mailer.deliverPending(new Date(created.getTime() + 121_000));
    expect((await row(id)).attempts).toBe(2);
  });

  it("dates mail and times its retries by the app's clock, even far from the real time", async () => {
    let refuse = true;
    const smtp = await startSmtp({
      onRcptTo(_address, _session, callback) {
        if (refuse) callback(Object.assign(new Error('Try later'), { responseCode: 450 }));
        else callback();
      },
    });
    // A year ahead of the real time: retries wait by this clock, not by the real one.
    let now = new Date(Date.now() + 365 * 24 * 3600_000);
    const created = now;
    const mailer = mailerFor(smtp.url, { now: () => now });
    cleanups.push(smtp.close, () => mailer.stop());
    const id = await mailer.queue(database.db, { to: 'later@example.nhs.uk', subject: 'Later', text: 'Body' });
    expect((await row(id)).createdAt).toEqual(created);

    await mailer.deliverPending();
    expect((await row(id)).attempts).toBe(1);
    refuse = false;
    now = new Date(created.getTime() + 60_000);
    await mailer.deliverPending();
    expect((await row(id)).attempts).toBe(1);
    now = new Date(created.getTime() + 121_000);
    await mailer.deliverPending();
    const sent = await row(id);
    expect(sent.status).toBe('sent');
    expect(sent.sentAt).toEqual(now);
  });

  it('marks mail failed after five refused attempts', async () => {
    const smtp = await startSmtp({
      onMailFrom(_address, _session, callback) {
        callback(Object.assign(new Error('Relay denied'), { responseCode: 550 }));
      },
    });
    const mailer = mailerFor(smtp.url);
    cleanups.push(smtp.close, () => mailer.stop());
    const created = new Date();
    const id = await mailer.queue(database.db, { to: 'x@example.nhs.uk', subject: 'Denied', text: 'Body' }, created);
    for (let attempt = 0; attempt < 6; attempt++) {
      await mailer.deliverPending(new Date(created.getTime() + 2 ** attempt * 60_000 + 1000));
    }
    const failed = await row(id);
    expect(failed.status).toBe('failed');
    expect(failed.attempts).toBe(5);
    expect(failed.lastError).toContain('Relay denied');
  });

  it('records a connection failure when no server answers', async () => {
    const smtp = await startSmtp();
    const url = smtp.url;
    await smtp.close();
    const mailer = mailerFor(url);
    cleanups.push(() => mailer.stop());
    const id = await mailer.queue(database.db, { to: 'nobody@example.nhs.uk', subject: 'Nobody', text: 'Body' });
    await mailer.deliverPending();
    const failed = await row(id);
    expect(failed.attempts).toBe(1);
    expect(failed.lastError).toMatch(/ECONNREFUSED|connect/i);
  });
});
