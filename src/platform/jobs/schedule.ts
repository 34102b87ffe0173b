/**
 * Work that runs by itself every so often (automatic reminders, clean-ups). Features add tasks when they register;
 * server.ts starts the schedule once the app is listening, and closing the app stops it and waits for a task in
 * progress. Tests never start it: they call the task's own function with the time they want.
 *
 * One process runs each task at a time; a task must be safe to run twice (check and mark in one transaction),
 * because several app processes may share a database.
 */

export interface ScheduleLog {
  error(object: object, message: string): void;
}

interface ScheduledTask {
  name: string;
  everyMs: number;
  run: (now: Date) => Promise<void>;
  timer?: NodeJS.Timeout;
  running?: Promise<void>;
}

export class Schedule {
  private readonly tasks: ScheduledTask[] = [];
  private started = false;

  constructor(private readonly options: { log: ScheduleLog; now?: (() => Date) | undefined }) {}

  /** A task to run every `everyMs` once started; a run still going when the next is due is not overlapped. */
  add(name: string, everyMs: number, run: (now: Date) => Promise<void>): void {
    const task: ScheduledTask = { name, everyMs, run };
    this.tasks.push(task);
    if (this.started) this.startTask(task);
  }

  names(): string[] {
    return this.tasks.map((task) => task.name);
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    for (const task of this.tasks) this.startTask(task);
  }

  /** Stops the timers and waits for any run in progress. */
  async stop(): Promise<void> {
    this.started = false;
    for (const task of this.tasks) clearInterval(task.timer);
    await Promise.all(this.tasks.flatMap((task) => (task.running === undefined ? [] : [task.running])));
  }

  /** Runs a task now (once), as the timer would; for the first run at start and for tests of the wiring. */
  async runNow(name: string): Promise<void> {
    const task = this.tasks.find((item) => item.name === name);
    if (task !== undefined) await this.tick(task);
  }

  private startTask(task: ScheduledTask): void {
    task.timer = setInterval(() => void this.tick(task), task.everyMs);
    task.timer.unref();
    void this.tick(task);
  }

  private async tick(task: ScheduledTask): Promise<void> {
    if (task.running !== undefined) return;
    const now = this.options.now?.() ?? new Date();
    task.running = task.run(now).catch((error: unknown) => {
      this.options.log.error({ err: error, task: task.name }, 'scheduled task failed; it will run again');
    });
    try {
      await task.running;
    } finally {
      task.running = undefined;
    }
  }
}
