/**
 * A smart-score model's training (issue #15), run in the job's own process like a simulation: the
 * dataset is imported with its mapping, then the simulator's trainer fits, calibrates and evaluates
 * the model against the tenant's points table. Pure apart from the progress it reports.
 */
import type { PolicyDocument } from '@sluice/engine';
import { ModelTrainingError, trainScoreModel, type TrainOptions } from '@sluice/simulator/model';
import type { SimulationProgress } from '@sluice/simulator';
import { parseMapping } from '@sluice/simulator/history';
import { type DatasetBytes, imported, TaskProblem } from './tasks.js';

/** The trainer's options as a job carries them (JSON: the points policy is its document). */
export interface TrainSettings {
  key: string;
  seed: number;
  horizonHours?: number;
  points?: PolicyDocument;
  trainedBy: string;
  /** When the job was asked for (provenance trainedAt): the trainer reads no clock. */
  now: string;
}

export interface TrainTask {
  files: DatasetBytes;
  mapping: unknown;
  settings: TrainSettings;
}

export function runTraining(task: TrainTask, onProgress: (p: SimulationProgress) => void) {
  // The job starts in phase import (runner.ts); fitting follows once the history is read.
  const { history } = imported(task.files, task.mapping);
  onProgress({ stage: 'fit', done: 0, total: 1 });
  const s = task.settings;
  const options: TrainOptions = { key: s.key, seed: s.seed, trainedBy: s.trainedBy, now: s.now };
  // The mapping names the export's columns (features read as the user's headers) and which columns are the
  // outcome, close date, amount and owner: those never become features, whatever their keys are.
  const parsed = parseMapping(task.mapping);
  if (parsed.ok) options.mapping = parsed.mapping;
  if (s.horizonHours !== undefined) options.horizonHours = s.horizonHours;
  if (s.points) options.points = s.points;
  try {
    return trainScoreModel(history, options);
  } catch (e) {
    // The trainer's refusals (too few closed leads, one class only …) are the user's to fix.
    if (e instanceof ModelTrainingError) throw new TaskProblem(e.words);
    throw e;
  }
}
