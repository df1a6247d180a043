/**
 * Timer triggers, as SCF runs them from a function's config.json:
 * `"triggers": [{"name", "type": "timer", "config": "<cron>"}]`. The cron has
 * seven fields, second minute hour day-of-month month day-of-week year, read in
 * Beijing time (UTC+8). cron-parser reads the first six; the year is checked
 * here. A function is invoked with SCF's timer event
 * `{Type: 'Timer', TriggerName, Time, Message}`, no OPENID, and SOURCE
 * `wx_trigger` (what getWXContext() reports for a timer in WeChat's cloud).
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { CronExpressionParser, type CronExpression } from 'cron-parser';
import { EmulatorError } from '../errors';
import { BEIJING_TIME_ZONE, fromBeijing, inBeijing } from '../../typings/beijing-time';
import { TIMER_SOURCE, type CallerIdentity } from '../../typings/caller';
import { readFunctionConfig } from './config';
import type { FunctionRunner, InvocationOutcome } from './runner';

const MIN_YEAR = 1970;
const MAX_YEAR = 2099;
/** setTimeout's ceiling; a later firing is re-planned when it is reached */
const MAX_DELAY_MS = 2 ** 31 - 1;
const TRIGGER_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,59}$/;
/** one item of a field: `*`, a number or a name, an optional range end, an optional step (Tencent's `, - * /`) */
const FIELD_ITEM = /^(\*|[0-9]+|[A-Za-z]{3})(-([0-9]+|[A-Za-z]{3}))?(\/[0-9]+)?$/;
const FIELD_NAMES = ['second', 'minute', 'hour', 'day-of-month', 'month', 'day-of-week', 'year'];

/** A parsed SCF cron: the next firing after a moment, or undefined when none is left. */
export interface ScfSchedule {
  next(after: Date): Date | undefined;
}

/** Parses a 7-field SCF cron expression; throws an Error saying what is wrong. */
export function parseScfCron(text: string): ScfSchedule {
  const fields = text.trim().split(/\s+/);
  if (fields.length !== 7) {
    throw new Error(`a timer's cron has 7 fields (second minute hour day month weekday year), "${text}" has ${fields.length}`);
  }
  fields.forEach((field, i) => {
    for (const item of field.split(',')) {
      if (!FIELD_ITEM.test(item)) throw new Error(`the ${FIELD_NAMES[i]} field "${field}" is not made of numbers, names and , - * /`);
    }
  });
  const years = parseYears(fields[6]);
  const sixFields = fields.slice(0, 6).join(' ');
  const parse = (currentDate?: Date): CronExpression => {
    try {
      return CronExpressionParser.parse(sixFields, { tz: BEIJING_TIME_ZONE, currentDate });
    } catch (error) {
      throw new Error(`"${text}": ${(error as Error).message}`, { cause: error });
    }
  };
  parse();
  const schedule: ScfSchedule = {
    next(after) {
      let from = after;
      for (;;) {
        const year = years.find((y) => y >= beijingYear(from));
        if (year === undefined) return undefined;
        // the first moment of that year, Beijing time, if it is later than `from`
        const yearStart = justBeforeYear(year);
        if (yearStart > from) from = yearStart;
        const next = parse(from).next().toDate();
        if (years.includes(beijingYear(next))) return next;
        from = justBeforeYear(beijingYear(next) + 1);
      }
    },
  };
  // a day that never comes (30 February) shows here, not at the first firing
  schedule.next(new Date());
  return schedule;
}

function beijingYear(date: Date): number {
  return inBeijing(date).year();
}

/** 1 ms before 1 January of `year` begins in Beijing */
function justBeforeYear(year: number): Date {
  return new Date(fromBeijing(`${year}-01-01`)!.getTime() - 1);
}

/** The years a year field allows, ascending. */
function parseYears(field: string): number[] {
  const allowed = new Set<number>();
  for (const item of field.split(',')) {
    const m = /^(\*|[0-9]+)(?:-([0-9]+))?(?:\/([0-9]+))?$/.exec(item);
    if (!m) throw new Error(`the year field "${field}" takes years ${MIN_YEAR}-${MAX_YEAR} with , - * /`);
    const [, start, end, step] = m;
    const from = start === '*' ? MIN_YEAR : Number(start);
    const to = end !== undefined ? Number(end) : start === '*' || step !== undefined ? MAX_YEAR : from;
    const by = step === undefined ? 1 : Number(step);
    if (from < MIN_YEAR || to > MAX_YEAR || from > to || by < 1 || (start === '*' && end !== undefined)) {
      throw new Error(`the year field "${field}" takes years ${MIN_YEAR}-${MAX_YEAR} with , - * /`);
    }
    for (let y = from; y <= to; y += by) allowed.add(y);
  }
  return [...allowed].sort((a, b) => a - b);
}

export interface TimerTrigger {
  functionName: string;
  name: string;
  config: string;
  /** ISO time of the next firing, while scheduled */
  next?: string;
  fired: number;
}

export interface TriggerProblem {
  functionName: string;
  trigger?: string;
  config?: string;
  error: string;
}

interface Scheduled {
  trigger: TimerTrigger;
  schedule: ScfSchedule;
  timer?: NodeJS.Timeout;
}

/** SCF's event for a timer. `Time` is the planned firing, UTC, to the second. */
export function timerEvent(triggerName: string, at: Date): Record<string, string> {
  return { Type: 'Timer', TriggerName: triggerName, Time: at.toISOString().replace(/\.\d{3}Z$/, 'Z'), Message: '' };
}

export class TimerTriggers {
  private readonly scheduled: Scheduled[] = [];
  private readonly found: TriggerProblem[] = [];
  private running = false;

  constructor(
    private readonly options: {
      functionsDir: string;
      appId: string;
      runner: FunctionRunner;
      /** where problems with a function's triggers are told (default console.warn) */
      warn?: (message: string) => void;
    },
  ) {}

  /** Reads every function's triggers and schedules the valid ones. */
  async start(): Promise<void> {
    this.running = true;
    let names: string[] = [];
    try {
      names = (await readdir(this.options.functionsDir, { withFileTypes: true })).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name);
    } catch {
      // no functions built yet: no triggers
    }
    for (const functionName of names.sort()) {
      const { triggers, problems } = await readFunctionConfig(path.join(this.options.functionsDir, functionName));
      for (const error of problems) this.problem({ functionName, error });
      for (const trigger of triggers) {
        if (trigger.type !== 'timer') continue;
        try {
          const schedule = checkTrigger(trigger.name, trigger.config);
          const entry: Scheduled = { trigger: { functionName, name: trigger.name, config: trigger.config, fired: 0 }, schedule };
          this.scheduled.push(entry);
          if (this.running) this.plan(entry, new Date());
        } catch (error) {
          this.problem({ functionName, trigger: trigger.name, config: trigger.config, error: (error as Error).message });
        }
      }
    }
  }

  list(): TimerTrigger[] {
    return this.scheduled.map((s) => ({ ...s.trigger }));
  }

  problems(): TriggerProblem[] {
    return [...this.found];
  }

  /**
   * Fires one trigger now, as its schedule would, whether or not timers run:
   * read from the function's config.json on disk at this moment.
   */
  async fire(functionName: string, triggerName: string): Promise<{ event: Record<string, string>; outcome: InvocationOutcome }> {
    if (!/^[A-Za-z0-9_-]{1,60}$/.test(functionName)) throw new EmulatorError('FUNCTION_NOT_FOUND', `no function ${functionName}`);
    const { triggers } = await readFunctionConfig(path.join(this.options.functionsDir, functionName));
    const trigger = triggers.find((t) => t.name === triggerName && t.type === 'timer');
    if (!trigger) throw new EmulatorError('TRIGGER_NOT_FOUND', `function ${functionName} has no timer trigger ${triggerName} in its config.json`);
    try {
      checkTrigger(trigger.name, trigger.config);
    } catch (error) {
      throw new EmulatorError('INVALID_TRIGGER', `${functionName}/${triggerName}: ${(error as Error).message}`);
    }
    return this.invoke(functionName, triggerName, new Date());
  }

  private async invoke(functionName: string, triggerName: string, at: Date): Promise<{ event: Record<string, string>; outcome: InvocationOutcome }> {
    const event = timerEvent(triggerName, at);
    const identity: CallerIdentity = { openid: '', appid: this.options.appId, unionid: '', source: TIMER_SOURCE };
    const outcome = await this.options.runner.invoke(functionName, event, identity, { trigger: triggerName });
    return { event, outcome };
  }

  private plan(entry: Scheduled, after: Date): void {
    const next = entry.schedule.next(after);
    entry.trigger.next = next?.toISOString();
    if (!next || !this.running) return;
    const delay = next.getTime() - Date.now();
    entry.timer = setTimeout(
      () => {
        entry.timer = undefined;
        if (!this.running) return;
        if (Date.now() < next.getTime()) {
          // a wait longer than setTimeout allows, or a timer that woke early
          this.plan(entry, new Date(after.getTime()));
          return;
        }
        entry.trigger.fired += 1;
        // SCF does not wait for one run to end before the next firing
        void this.invoke(entry.trigger.functionName, entry.trigger.name, next);
        this.plan(entry, next);
      },
      Math.min(Math.max(delay, 0), MAX_DELAY_MS),
    );
  }

  private problem(problem: TriggerProblem): void {
    this.found.push(problem);
    const where = problem.trigger ? `${problem.functionName}/${problem.trigger}` : problem.functionName;
    (this.options.warn ?? console.warn)(`[emulator] timer trigger ${where} not scheduled: ${problem.error}`);
  }

  close(): void {
    this.running = false;
    for (const entry of this.scheduled) {
      if (entry.timer) clearTimeout(entry.timer);
      entry.timer = undefined;
      entry.trigger.next = undefined;
    }
  }
}

function checkTrigger(name: string, config: string): ScfSchedule {
  if (!TRIGGER_NAME.test(name)) throw new Error(`the trigger name "${name}" must start with a letter and hold at most 60 of a-z A-Z 0-9 - _`);
  return parseScfCron(config);
}
