/**
 * What the Models page reads from the server (issue #15's HTTP API: /v1/models…). The model artefact
 * itself is the engine's `ScoreModel`, imported as a type so a field it gains is seen here at once.
 */
import type { ScoreModel } from '@sluice/engine';
import type { Words } from '@sluice/simulator/words';

export type { ScoreModel, Words };

export type ModelStatus = 'draft' | 'published' | 'retired';

/** A row of GET /v1/models: the key, its published version (if any) and its newest one. */
export interface ModelSummary {
  key: string;
  name?: Words | string | null;
  published: { version: number; publishedAt?: string | null; publishedBy?: string | null } | null;
  latest: { version: number; status?: ModelStatus; createdAt?: string | null } | null;
}

/** A row of GET /v1/models/{key}/versions. */
export interface ModelVersionInfo {
  version: number;
  status: ModelStatus;
  createdAt: string;
  createdBy?: string | null;
  publishedAt?: string | null;
  publishedBy?: string | null;
  note?: string | null;
  /** Whether the evaluation offered the model (beats the points table out of sample). */
  offered?: boolean | null;
  override?: { reason: string } | null;
  datasetId?: string | null;
  rows?: number | null;
}

/** GET /v1/models/{key}/versions/{v}: the artefact, its evaluation report, and how it came to be. */
export interface ModelVersionDetail extends ModelVersionInfo {
  key?: string;
  model: ScoreModel;
  report: unknown;
  provenance?: Record<string, unknown> | null;
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
  progress?: { done: number; total: number; phase?: string };
  /** The model version stored when the job is done. */
  version?: number | null;
  error?: Words | string | null;
}
