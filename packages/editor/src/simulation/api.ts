import { api, ApiError } from '../api/client.js';
import type { CandidateInput, Dataset, DatasetFile, FileColumns, FileKind, GuessAnswer, Mapping, Preview, SimulationItem, SimulationStatus } from './types.js';

/** The simulation endpoints of issue #12's HTTP contract, one function each. */

export const listDatasets = () => api<{ items: Dataset[] }>('GET', '/v1/datasets').then((r) => r.items);
export const createDataset = (name: string) => api<Dataset>('POST', '/v1/datasets', { name });
export const getDataset = (id: string) => api<Dataset>('GET', `/v1/datasets/${encodeURIComponent(id)}`);
export const guessMapping = (id: string) => api<GuessAnswer>('POST', `/v1/datasets/${encodeURIComponent(id)}/guess`, {});
export const saveMapping = (id: string, mapping: Mapping) => api<unknown>('PUT', `/v1/datasets/${encodeURIComponent(id)}/mapping`, { mapping });
export const previewDataset = (id: string, mapping?: Mapping) =>
  api<Preview>('POST', `/v1/datasets/${encodeURIComponent(id)}/preview`, mapping ? { mapping } : {});
/** How each file is read (format, encoding, delimiter), as the mapping being edited says: its header line depends on it. */
export type HeaderOptions = Partial<Record<FileKind, { format?: string; encoding?: string; delimiter?: string }>>;
/** Each uploaded file's column names (its header line), read as `files` says. */
export const datasetColumns = (id: string, files: HeaderOptions = {}) =>
  api<{ files: Array<{ file: FileKind; columns: string[] | null }> }>('POST', `/v1/datasets/${encodeURIComponent(id)}/columns`, { files }).then(
    (r): FileColumns => Object.fromEntries(r.files.map((f) => [f.file, f.columns])),
  );

/** What the list of simulations can be narrowed to, on the server. */
export interface SimulationFilter {
  status?: SimulationStatus | undefined;
  datasetId?: string | undefined;
}
/** One page of the list, newest first; `nextCursor` asks for the older ones (null: none left). */
export interface SimulationPage {
  items: SimulationItem[];
  nextCursor: string | null;
}
export function listSimulations(query: SimulationFilter & { cursor?: string | undefined; limit?: number | undefined } = {}): Promise<SimulationPage> {
  const params = new URLSearchParams();
  if (query.status) params.set('status', query.status);
  if (query.datasetId) params.set('datasetId', query.datasetId);
  if (query.limit) params.set('limit', String(query.limit));
  if (query.cursor) params.set('cursor', query.cursor);
  const search = params.toString();
  return api<SimulationPage>('GET', search ? `/v1/simulations?${search}` : '/v1/simulations');
}
/** 204 for an ended simulation; 409 `simulation-not-ended` or `simulation-cited` for one that must stay. */
export const deleteSimulation = (id: string) => api<void>('DELETE', `/v1/simulations/${encodeURIComponent(id)}`);
export const getSimulation = (id: string) => api<SimulationItem>('GET', `/v1/simulations/${encodeURIComponent(id)}`);
export const startSimulation = (body: { datasetId: string; seed?: number; candidates: CandidateInput[] }) =>
  api<{ id: string; status: string }>('POST', '/v1/simulations', body);
export const cancelSimulation = (id: string) => api<{ status: string }>('POST', `/v1/simulations/${encodeURIComponent(id)}/cancel`, {});
/** The standalone report, opening in the page's language. */
export const reportHtmlUrl = (id: string, lang: 'en' | 'zh' = 'en') => `/v1/simulations/${encodeURIComponent(id)}/report.html?lang=${lang}`;
export const eventsUrl = (id: string) => `/v1/simulations/${encodeURIComponent(id)}/events`;

/** Content type the server reads the raw body as: GB18030 and unknown bytes go as octets. */
export function fileContentType(file: File): string {
  const name = file.name.toLowerCase();
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'application/jsonl';
  if (name.endsWith('.csv') || name.endsWith('.tsv') || name.endsWith('.txt')) return 'text/csv';
  return 'application/octet-stream';
}

/**
 * PUT one export file as the raw request body: the browser streams the File from disk, so a
 * 100 MB export is never read into the page. The shared `api()` sends JSON only, hence this one
 * fetch; it echoes the same CSRF token (kept by the client in sessionStorage).
 */
export async function uploadFile(datasetId: string, kind: FileKind, file: File): Promise<DatasetFile> {
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': fileContentType(file) };
  const csrf = typeof sessionStorage === 'undefined' ? null : sessionStorage.getItem('sluice.csrf');
  if (csrf) headers['x-csrf-token'] = csrf;
  // Header values must be ISO-8859-1: a Chinese file name travels percent-encoded.
  headers['x-file-name'] = encodeURIComponent(file.name);
  const res = await fetch(`/v1/datasets/${encodeURIComponent(datasetId)}/files/${kind}`, {
    method: 'PUT',
    headers,
    credentials: 'same-origin',
    body: file,
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  if (!res.ok) {
    const p = (parsed ?? {}) as { type?: string; title?: string; detail?: string; detailZh?: string; errors?: [] };
    throw new ApiError(res.status, p.type?.split('/').pop() ?? 'error', p.detail ?? p.title ?? res.statusText, p.detailZh, p.errors ?? [], parsed);
  }
  return parsed as DatasetFile;
}
