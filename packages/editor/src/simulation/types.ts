/**
 * The shapes the Simulation page reads, as the server sends them (contract: issue #12's HTTP API).
 * What the simulator itself defines (the import's leads, rows and summaries, the mapping, the report)
 * is imported from it as types only, so a field it gains is seen here at once instead of drifting
 * from a copy. (Its only runtime code in the bundle is the pure `@sluice/simulator/words`.)
 */
import type {
  Difference,
  GroupMetrics,
  HistoryLead,
  ImportSummary,
  MappingInput,
  ModelReport,
  PolicyReport,
  RejectedRow,
  SimulationReport,
  Verdict,
  Words,
} from '@sluice/simulator';

export type { Difference, GroupMetrics, ImportSummary, ModelReport, PolicyReport, RejectedRow, SimulationReport, Verdict, Words };
export type Interval = PolicyReport['expectedWins'];
/** A mapping as written and sent (defaults not yet filled in). */
export type Mapping = MappingInput;

export type FileKind = 'leads' | 'activities' | 'stages' | 'roster';
export const FILE_KINDS: readonly FileKind[] = ['leads', 'activities', 'stages', 'roster'];

export interface DatasetFile {
  kind: FileKind;
  bytes: number;
  fileName?: string;
  sha256?: string;
}

export interface Dataset {
  id: string;
  name: string;
  files: DatasetFile[];
  mapping?: Mapping | null;
  hasMapping?: boolean;
  createdAt: string;
  createdBy?: string;
}

export type AttributeType = 'string' | 'number' | 'boolean' | 'date';
export type AttributeSpec = string | { column: string; type?: AttributeType };

export interface FileOptions {
  format?: string;
  encoding?: string;
  delimiter?: string;
  dateOrder?: string;
  decimalMark?: string;
}

export interface GuessAnswer {
  mapping: Mapping;
  notes?: Words[];
  confidence?: unknown;
}

export interface Preview {
  summaries: ImportSummary[];
  /** The first rejected rows (the server sends 200 at most) … */
  rejects: RejectedRow[];
  /** … of this many. */
  rejectCount?: number;
  /** The first leads as imported. */
  leads: HistoryLead[];
  reps: number;
  /** The roster as imported, to check candidates' policies against; absent above 5,000 reps (and from an older server). */
  roster?: Array<{ id: string; teams: string[]; roles: string[]; active: boolean }>;
  period: { start: string | null; end: string | null };
}

/**
 * The column names of each uploaded file's header line, as `POST /v1/datasets/{id}/columns` reads
 * them; null for a file whose columns no header line lists (JSON Lines), absent for a file not uploaded.
 */
export type FileColumns = Partial<Record<FileKind, readonly string[] | null>>;

export type PolicyVersionRef = number | 'live' | 'draft';

export interface CandidateInput {
  label: string;
  policies: Array<{ key: string; version: PolicyVersionRef }>;
}

export type SimulationStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** A candidate as a simulation recorded it: each version as asked, and the one the run used (`resolved`). */
export interface CandidateRun {
  label: string;
  policies: Array<{ key: string; version: PolicyVersionRef; resolved?: number | 'draft' }>;
}

export interface SimulationItem {
  id: string;
  datasetId: string;
  status: SimulationStatus;
  progress: { done: number; total: number; phase?: string; label?: string };
  candidates: CandidateRun[];
  /** The seed it ran with (absent from an older server: 1, the default, then). */
  seed?: number;
  createdAt: string;
  startedAt?: string;
  createdBy?: string;
  finishedAt?: string;
  /** A failure in both languages (or a plain string from an older server). */
  error?: Words | string;
  report?: SimulationReport;
}
