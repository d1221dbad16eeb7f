import type { AssignedCourse, LeadBehaviour, Outcome } from '../types.js';

/** What a behaviour is asked when a lead is assigned (LeadBehaviour.onAssigned's input). */
export type CourseInput = Parameters<LeadBehaviour['onAssigned']>[0];

/**
 * Where a course goes as a behaviour makes it, part by part, in the order an AssignedCourse lists
 * them: the follow-ups in time order, then the stage moves, then how it ends (always, once). The
 * replay books each part as it comes, so a course it is handed this way is no objects at all: an
 * AssignedCourse, its list and an object and an ISO text per follow-up (texts the replay never
 * read: it books by the number) were ~12 % of what a replay allocated.
 */
export interface CourseWriter {
  /** A follow-up at `ms` whose text is toISOString's for it (AssignedCourse's `ms`). */
  followUpAt(ms: number, type: string): void;
  /** A follow-up known only by its text (not toISOString's form, or not an instant). */
  followUpText(at: string, type: string): void;
  stageAt(at: string, stage: string): void;
  /**
   * How the course ends. `closedMs`, when given, is `Date.parse(closedAt)` and closedAt is
   * toISOString's text for it, which may then be left out (undefined): it is made when read.
   */
  end(outcome: Outcome, closedAt: string | undefined, closedMs: number | undefined, amount: number | undefined, pWon: number | undefined): void;
}

/**
 * A behaviour that can also write its course (`writeCourse`): the same course `onAssigned` returns,
 * part for part. `input` is the caller's, reused from call to call: read during the call, not kept.
 */
export interface WritingBehaviour extends LeadBehaviour {
  writeCourse(input: CourseInput, out: CourseWriter): void;
}

export function writesCourses(behaviour: LeadBehaviour): behaviour is WritingBehaviour {
  return typeof (behaviour as Partial<WritingBehaviour>).writeCourse === 'function';
}

/**
 * The AssignedCourse a writer's parts make (follow-ups, stage moves, its end), field for field what
 * an `onAssigned` returns: for a behaviour that draws its course once, in `writeCourse`, and answers
 * `onAssigned` from it. `iso` gives a number's text (toISOString's form).
 */
export function collectCourse(write: (out: CourseWriter) => void, iso: (ms: number) => string): AssignedCourse {
  const activities: AssignedCourse['activities'] = [];
  let stages: AssignedCourse['stages'];
  let course: AssignedCourse | undefined;
  write({
    followUpAt: (ms, type) => activities.push({ at: iso(ms), type, ms }),
    followUpText: (at, type) => activities.push({ at, type }),
    stageAt: (at, stage) => (stages ??= []).push({ at, stage }),
    end(outcome, closedAt, closedMs, amount, pWon) {
      course = { activities, outcome };
      if (stages) course.stages = stages;
      if (closedAt !== undefined || closedMs !== undefined) course.closedAt = closedAt ?? iso(closedMs!);
      if (closedMs !== undefined) course.closedMs = closedMs;
      if (pWon !== undefined) course.pWon = pWon;
      if (amount !== undefined) course.amount = amount;
    },
  });
  if (!course) throw new Error('a course was written without its end / 写出的过程缺少结局');
  return course;
}

/** A course as returned, written part by part: what a behaviour without `writeCourse` gives. */
export function writeCourseOf(course: AssignedCourse, out: CourseWriter): void {
  for (const a of course.activities) {
    if (a.ms === undefined) out.followUpText(a.at, a.type);
    else out.followUpAt(a.ms, a.type);
  }
  for (const m of course.stages ?? []) out.stageAt(m.at, m.stage);
  // A close's number comes only with its text (AssignedCourse): a number without one is no close.
  out.end(course.outcome, course.closedAt, course.closedAt === undefined ? undefined : course.closedMs, course.amount, course.pWon);
}

/**
 * Writes the behaviour's course for `input` (the caller's, reused): by `writeCourse` when it has
 * one, else from what `onAssigned` returns.
 */
export function writeCourse(behaviour: LeadBehaviour, input: CourseInput, out: CourseWriter): void {
  if (writesCourses(behaviour)) behaviour.writeCourse(input, out);
  // A copy for onAssigned: a behaviour that only returns courses may keep its input.
  else writeCourseOf(behaviour.onAssigned({ ...input }), out);
}
