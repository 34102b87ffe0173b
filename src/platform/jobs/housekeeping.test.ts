import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, type TestApp } from '../../testing/app.ts';
import { loadConfig } from '../../config.ts';
import { newId } from '../db/ids.ts';
import { keptForms, sessions, userTokens } from '../auth/schema.ts';
import { outbox } from '../mail/schema.ts';
import { HOUSEKEEPING } from './housekeeping.ts';

const NOW = new Date('2026-11-25T09:00:00Z');
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ now: () => NOW });
});
afterAll(async () => t.close());

describe('housekeeping', () => {
  it('is on the app’s schedule, and MAIL_RETENTION_DAYS defaults to 90 days', () => {
    expect(t.app.schedule.names()).toContain(HOUSEKEEPING);
    expect(loadConfig({}).mailRetentionDays).toBe(90);
    expect(loadConfig({ MAIL_RETENTION_DAYS: '30' }).mailRetentionDays).toBe(30);
    expect(() => loadConfig({ MAIL_RETENTION_DAYS: '0' })).toThrow(/MAIL_RETENTION_DAYS/);
  });

  it('deletes ended sessions, spent links, old kept forms and mail past its retention, and nothing else', async () => {
    const user = await createUser(t.db);
    const session = (id: string, idle: Date, absolute: Date) => ({
      id,
      userId: user.id,
      stage: 'active' as const,
      createdAt: ago(10),
      lastSeenAt: ago(1),
      idleExpiresAt: idle,
      absoluteExpiresAt: absolute,
    });
    await t.db
      .insert(sessions)
      .values([
        session('live', new Date(NOW.getTime() + 60_000), new Date(NOW.getTime() + DAY)),
        session('idle', ago(0.01), new Date(NOW.getTime() + DAY)),
        session('too-old', new Date(NOW.getTime() + 60_000), ago(0.01)),
      ]);
    const link = (tokenHash: string, expiresAt: Date, usedAt: Date | null) => ({
      id: newId(),
      userId: user.id,
      purpose: 'password_reset' as const,
      tokenHash,
      createdAt: ago(30),
      expiresAt,
      usedAt,
    });
    await t.db
      .insert(userTokens)
      .values([
        link('valid', new Date(NOW.getTime() + DAY), null),
        link('just-expired', ago(1), null),
        link('expired-long-ago', ago(8), null),
        link('just-used', new Date(NOW.getTime() + DAY), ago(1)),
        link('used-long-ago', ago(5), ago(9)),
      ]);
    const form = (id: string, expiresAt: Date) => ({
      id,
      userId: user.id,
      url: '/account',
      fields: { name: 'typed' },
      createdAt: ago(1),
      expiresAt,
    });
    await t.db.insert(keptForms).values([form('kept', new Date(NOW.getTime() + 60_000)), form('gone', ago(0.01))]);
    const mail = (
      subject: string,
      status: 'queued' | 'sent' | 'failed' | 'held',
      createdAt: Date,
      sentAt: Date | null,
    ) => ({
      id: newId(),
      createdAt,
      toAddress: 'someone@example.nhs.uk',
      subject,
      textBody: 'Dear someone',
      status,
      sentAt,
    });
    await t.db
      .insert(outbox)
      .values([
        mail('sent recently', 'sent', ago(100), ago(89)),
        mail('sent long ago', 'sent', ago(100), ago(91)),
        mail('held recently', 'held', ago(89), null),
        mail('held long ago', 'held', ago(91), null),
        mail('failed long ago', 'failed', ago(91), null),
        mail('still queued', 'queued', ago(200), null),
      ]);

    await t.app.schedule.runNow(HOUSEKEEPING);

    expect((await t.db.select().from(sessions)).map((row) => row.id)).toEqual(['live']);
    expect((await t.db.select().from(userTokens)).map((row) => row.tokenHash).sort()).toEqual([
      'just-expired',
      'just-used',
      'valid',
    ]);
    expect((await t.db.select().from(keptForms)).map((row) => row.id)).toEqual(['kept']);
    expect((await t.db.select().from(outbox)).map((row) => row.subject).sort()).toEqual([
      'held recently',
      'sent recently',
      'still queued',
    ]);
  });
});
