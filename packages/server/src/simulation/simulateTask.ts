/**
 * The simulation itself, apart from previews and guesses: it loads the whole simulator (the
 * report's chart renderer included), which a preview does not need.
 */
import { type Candidate, ReplayInputError, SimulateInputError, type SimulationProgress, type SimulationReport, simulate } from '@sluice/simulator';
import { type DatasetBytes, imported, TaskProblem } from './tasks.js';

export interface SimulationTask {
  files: DatasetBytes;
  mapping: unknown;
  candidates: Candidate[];
  seed: number;
  calendars: unknown[];
}

export function runSimulation(task: SimulationTask, onProgress: (p: SimulationProgress) => void): SimulationReport {
  const { history } = imported(task.files, task.mapping);
  const timeZone = (task.mapping as { timeZone?: string }).timeZone;
  try {
    return simulate({ history, policies: task.candidates, seed: task.seed, calendars: task.calendars, onProgress, ...(timeZone ? { timeZone } : {}) });
  } catch (e) {
    // The input's own faults (a candidate that does not compile, a roster the replay cannot use) are the user's to read.
    if (e instanceof SimulateInputError || e instanceof ReplayInputError) throw new TaskProblem(e.words);
    throw e;
  }
}
