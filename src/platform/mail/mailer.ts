import { and, asc, eq, lt } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { Db } from '../db/client.ts';
import { newId } from '../db/ids.ts';
import { outbox } from './schema.ts';
import { masked, seal, unseal } from './sealed.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  regionId?: string | null;
  /**
   * Tokens in the text that let the reader sign in or set a password. They are sent, but never stored readable: the
   * outbox shows the mail with them masked.
   */
  secrets?: readonly string[];
}

const MAX_ATTEMPTS = 5;

/**
 * Mail is written to the outbox inside the transaction that caused it, so it is sent if and only if the change
 * was saved. With SMTP configured a background loop delivers queued mail (retrying with back-off); without it
 * mail is held, and administrators read it on the outbox page.
 */
export class Mailer {
  private readonly transport: Transporter | null;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private readonly now: () => Date;

  constructor(
    private readonly db: Db,
    private readonly options: {
      smtpUrl: string | undefined;
      from: string;
      log: Pick<Logger, 'info' | 'warn' | 'error'>;
      /** The server's secret, which seals the sendable text of mail with sign-in links. */
      secret: string;
      /**
       * Whether the outbox shows sign-in links that work: only outside production with no SMTP server (the demo),
       * where the outbox is the only way to open an invitation.
       */
      revealLinks: boolean;
      /** The app's clock (app.clock): what mail is dated by, and its retries are timed by. The real time by default. */
      now?: (() => Date) | undefined;
    },
  ) {
    this.transport = options.smtpUrl === undefined ? null : nodemailer.createTransport(options.smtpUrl);
    this.now = options.now ?? (() => new Date());
  }

  get delivering(): boolean {
    return this.transport !== null;
  }

  get revealsLinks(): boolean {
    return this.options.revealLinks && this.transport === null;
  }

  /**
   * The text as it was (or will be) sent, where the outbox may show it (the demo); otherwise the masked text. A
   * sealed text that cannot be opened (the server's secret changed) gives the masked text too.
   */
  readableText(mail: { textBody: string; sealedText: string | null }): string {
    if (!this.revealsLinks || mail.sealedText === null) return mail.textBody;
    return unseal(this.options.secret, mail.sealedText) ?? mail.textBody;
  }

  async queue(tx: Db, message: MailMessage, now: Date = this.now()): Promise<string> {
    const id = newId();
    const secrets = message.secrets ?? [];
    const textBody = masked(message.text, secrets);
    // Sealed only if something will ever read it: the sender, or the demo's outbox. Held mail in production is never
    // sent, so its link is not kept at all.
    const keepSendable = textBody !== message.text && (this.transport !== null || this.revealsLinks);
    await tx.insert(outbox).values({
      id,
      createdAt: now,
      toAddress: message.to,
      subject: message.subject,
      textBody,
      sealedText: keepSendable ? seal(this.options.secret, message.text) : null,
      status: this.transport === null ? 'held' : 'queued',
      regionId: message.regionId ?? null,
    });
    return id;
  }

  /** Sends what is queued now; called after each request that queued mail and every few seconds. */
  async deliverPending(now: Date = this.now()): Promise<void> {
    if (this.transport === null) return;
    if (this.running !== null) return this.running;
    this.running = this.deliver(now).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async deliver(now: Date): Promise<void> {
    const transport = this.transport;
    if (transport === null) return;
    const pending = await this.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.status, 'queued'), lt(outbox.attempts, MAX_ATTEMPTS)))
      .orderBy(asc(outbox.createdAt))
      .limit(50);
    for (const mail of pending) {
      // Back off: wait 2^attempts minutes after a failure before trying again.
      if (mail.attempts > 0 && mail.sentAt === null) {
        const waitMs = 2 ** mail.attempts * 60_000;
        if (now.getTime() - mail.createdAt.getTime() < waitMs) continue;
      }
      const text = mail.sealedText === null ? mail.textBody : unseal(this.options.secret, mail.sealedText);
      if (text === null) {
        // Sealed under another secret: sending the masked text would only confuse; the person asks for a new link.
        await this.db
          .update(outbox)
          .set({ status: 'failed', sealedText: null, lastError: 'The link could not be read: ask for a new one.' })
          .where(eq(outbox.id, mail.id));
        continue;
      }
      try {
        await transport.sendMail({ from: this.options.from, to: mail.toAddress, subject: mail.subject, text });
        await this.db
          .update(outbox)
          .set({ status: 'sent', sentAt: this.now(), attempts: mail.attempts + 1, lastError: null, sealedText: null })
          .where(eq(outbox.id, mail.id));
        this.options.log.info({ mailId: mail.id }, 'mail sent');
      } catch (error) {
        const attempts = mail.attempts + 1;
        const message = error instanceof Error ? error.message : String(error);
        await this.db
          .update(outbox)
          .set({
            attempts,
            lastError: message.slice(0, 500),
            status: attempts >= MAX_ATTEMPTS ? 'failed' : 'queued',
            // A mail that will not be sent keeps no usable link.
            ...(attempts >= MAX_ATTEMPTS ? { sealedText: null } : {}),
          })
          .where(eq(outbox.id, mail.id));
        this.options.log.warn({ mailId: mail.id, attempts, err: message }, 'mail not sent');
      }
    }
  }

  start(intervalMs = 5000): void {
    if (this.transport === null || this.timer !== undefined) return;
    this.timer = setInterval(() => {
      this.deliverPending().catch((error: unknown) => {
        this.options.log.error({ err: error }, 'mail delivery loop failed');
      });
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    if (this.running !== null) await this.running;
    this.transport?.close();
  }
}
