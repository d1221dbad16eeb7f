/**
 * What the Models page reads from the server (issue #15's HTTP API: /v1/models…). The model artefact
 * itself is the engine's `ScoreModel`, imported as a type so a field it gains is seen here at once.
 */
import type { ScoreModel } from '@sluice/engine';
import type { ModelReport } from '@sluice/simulator/model';
import type { Words } from '@sluice/simulator/words';

export type { ModelReport, ScoreModel, Words };

export type ModelStatus = 'draft' | 'published' | 'retired';

/** A row of GET /v1/models: the key, its published version (if any) and its newest one. */
export interface ModelSummary {
  key: string;
  name: Words | null;
  publishedVersion: number | null;
  latestVersion: number;
  versions?: number;
}

/** A row of GET /v1/models/{key}/versions. */
export interface ModelVersionInfo {
  key?: string;
  version: number;
  status: ModelStatus;
  source?: 'trained' | 'uploaded';
  /** Whether the evaluation offered the model (beats the points table out of sample); null without a report. */
  offered: boolean | null;
  reason?: Words | null;
  rows?: number | null;
  period?: { from: string | null; to: string | null };
  datasetId?: string | null;
  createdAt: string;
  /** `user:<id>` or `key:<prefix>`; the e-mail beside it when a person did it. */
  createdBy: string;
  createdByEmail?: string | null;
  publishedAt?: string | null;
  publishedBy?: string | null;
  publishedByEmail?: string | null;
  note?: string | null;
}

/** GET /v1/models/{key}/versions/{v}: the artefact and its evaluation report (null when uploaded without one). */
export interface ModelVersionDetail extends ModelVersionInfo {
  model: ScoreModel;
  report: ModelReport | null;
}

/** POST /v1/models/{key}/train. */
export interface TrainRequest {
  datasetId: string;
  horizonHours?: number;
  points?: { policyKey: string; version?: number };
  seed?: number;
}

export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** A training job as the server tracks it (like a simulation): progress, then the version it stored. */
export interface TrainJob {
  id: string;
  status: JobStatus;
  key?: string;
  progress?: { done: number; total: number; phase?: string };
  /** The model version stored when the job is done. */
  version?: number | null;
  error?: Words | string | null;
}
