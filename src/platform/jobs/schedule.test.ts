import { describe, expect, it } from 'vitest';
import { Schedule } from './schedule.ts';

const now = new Date('2026-11-25T09:00:00Z');

describe('Schedule', () => {
  it('runs a task with the clock’s time, never two runs of it at once, and logs a failure', async () => {
    const errors: object[] = [];
    const schedule = new Schedule({ log: { error: (object) => errors.push(object) }, now: () => now });
    const seen: Date[] = [];
    let release: () => void = () => undefined;
    schedule.add('slow', 60_000, async (time) => {
      seen.push(time);
      await new Promise<void>((resolve) => (release = resolve));
    });
    schedule.add('broken', 60_000, () => Promise.reject(new Error('no database')));
    const first = schedule.runNow('slow');
    await schedule.runNow('slow');
    expect(seen).toEqual([now]);
    release();
    await first;
    await schedule.runNow('broken');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ task: 'broken' });
    expect(schedule.names()).toEqual(['slow', 'broken']);
  });

  it('runs each task when started and waits for a run in progress when stopped', async () => {
    const schedule = new Schedule({ log: { error: () => undefined } });
    let finished = false;
    schedule.add('once', 3_600_000, async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      finished = true;
    });
    schedule.start();
    await schedule.stop();
    expect(finished).toBe(true);
  });
});
