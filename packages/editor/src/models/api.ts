import { api } from '../api/client.js';
import type { ModelSummary, ModelVersionDetail, ModelVersionInfo, TrainJob, TrainRequest } from './types.js';

/** The model endpoints of issue #15's HTTP contract, one function each. */

const k = (key: string) => `/v1/models/${encodeURIComponent(key)}`;

/** Lists may come bare or wrapped (`{items}` / `{models}` / `{versions}`), as other lists of this API do. */
function listOf<T>(body: unknown, ...names: string[]): T[] {
  if (Array.isArray(body)) return body as T[];
  const o = (body ?? {}) as Record<string, unknown>;
  for (const n of names) if (Array.isArray(o[n])) return o[n] as T[];
  return [];
}

export const listModels = () => api<unknown>('GET', '/v1/models').then((b) => listOf<ModelSummary>(b, 'items', 'models'));
export const listModelVersions = (key: string) => api<unknown>('GET', `${k(key)}/versions`).then((b) => listOf<ModelVersionInfo>(b, 'items', 'versions'));
export const getModelVersion = (key: string, version: number) => api<ModelVersionDetail>('GET', `${k(key)}/versions/${version}`);
export const trainModel = (key: string, body: TrainRequest) =>
  api<{ jobId?: string; id?: string }>('POST', `${k(key)}/train`, body).then((r) => String(r.jobId ?? r.id ?? ''));
export const getTrainJob = (key: string, jobId: string) => api<TrainJob>('GET', `${k(key)}/jobs/${encodeURIComponent(jobId)}`);
export const cancelTrainJob = (key: string, jobId: string) => api<{ status: string }>('POST', `${k(key)}/jobs/${encodeURIComponent(jobId)}/cancel`, {});
export const trainEventsUrl = (key: string, jobId: string) => `${k(key)}/jobs/${encodeURIComponent(jobId)}/events`;
export const modelReportUrl = (key: string, version: number, lang: 'en' | 'zh') => `${k(key)}/versions/${version}/report.html?lang=${lang}`;

/** Publishing an older version is the rollback: the server logs who, when and why. */
export const publishModel = (key: string, version: number, note: string, overrideReason?: string) =>
  api<unknown>('POST', `${k(key)}/versions/${version}/publish`, { note, ...(overrideReason ? { override: { reason: overrideReason } } : {}) });
