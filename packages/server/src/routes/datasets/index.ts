/**
 * Datasets (issue #12): a tenant's CRM export files and their mapping, for previews and
 * simulations. Files stream into storage (simulation/storage.ts); imports and guesses run in a
 * worker thread, so a large export never holds up decisions.
 */
import { randomUUID } from 'node:crypto';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { type HeaderOptions, headerColumns, type Mapping, mappedColumnsMissing, parseMapping } from '@sluice/simulator/history';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Context } from 'hono';
import type { Db } from '../../db/connect.js';
import { datasetFiles, datasets } from '../../db/schema.js';
import type { AppEnv } from '../../http/context.js';
import { ProblemError } from '../../http/problem.js';
import { iso, notFound, nowIso } from '../../http/responses.js';
import { runTask, type TaskEnd } from '../../simulation/spawn.js';
import {
  deleteUploads,
  FILE_KINDS,
  type FileKind,
  fileTooLarge,
  maxFileBytes,
  readDatasetFiles,
  readDatasetHeads,
  writeUpload,
} from '../../simulation/storage.js';
import { refuseDeletingDatasetInUse } from './inUse.js';
import * as r from './routes.js';

const UPLOAD_PATH = /^\/v1\/datasets\/[^/]+\/files\/[^/]+$/;
/** The file types the upload takes (CSV, JSON Lines, an Excel .xlsx workbook, or bytes in whatever encoding the export has). */
// What browsers and tools send for a .csv too: text/plain, and Excel's type on Windows. An .xlsx is
// stored as its first sheet's CSV; an old .xls is let in so that its bytes are refused saying what to do.
const FILE_TYPE =
  /^(text\/(csv|plain|tab-separated-values)|application\/(jsonl|x-ndjson|octet-stream|vnd\.ms-excel|vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet))\s*(;|$)/i;

/**
 * A file upload is a raw body: app.ts lets it past its JSON check and body limit (the route streams
 * and limits it). Only a body declared as a file is: any other reaches the JSON checks like every
 * body, then the route's 415.
 */
/** A dataset file upload (its body is the file, never JSON: the upload route checks its type and size). */
export function isDatasetUpload(c: Context): boolean {
  return c.req.method === 'PUT' && UPLOAD_PATH.test(c.req.path);
}

function isFileType(c: Context): boolean {
  return FILE_TYPE.test(c.req.header('content-type') ?? '');
}

type DatasetRow = typeof datasets.$inferSelect;

export async function requireDataset(db: Db, tenantId: string, id: string): Promise<DatasetRow> {
  const [row] = await db
    .select()
    .from(datasets)
    .where(and(eq(datasets.tenantId, tenantId), eq(datasets.id, id)));
  if (!row) throw notFound(`dataset "${id}"`, `数据集 "${id}"`);
  return row;
}

type FileView = { kind: FileKind; bytes: number; fileName: string | null; sha256: string; uploadedAt: string };

async function filesOf(db: Db, tenantId: string, ids: string[]) {
  const rows =
    ids.length === 0
      ? []
      : await db
          .select()
          .from(datasetFiles)
          .where(and(eq(datasetFiles.tenantId, tenantId), inArray(datasetFiles.datasetId, ids)))
          .orderBy(asc(datasetFiles.kind));
  const out = new Map<string, FileView[]>();
  for (const f of rows) {
    const list = out.get(f.datasetId) ?? [];
    list.push({ kind: f.kind as FileKind, bytes: f.bytes, fileName: f.fileName, sha256: f.sha256, uploadedAt: iso(f.uploadedAt) });
    out.set(f.datasetId, list);
  }
  return out;
}

/** A dataset as every answer shows it (routes.ts `datasetView`); the list says whether it has a mapping instead of sending it. */
function shown(row: Pick<DatasetRow, 'id' | 'name' | 'mapping' | 'createdAt' | 'createdBy'>, files: FileView[]) {
  return { id: row.id, name: row.name, files, mapping: row.mapping ?? null, createdAt: iso(row.createdAt), createdBy: row.createdBy };
}

async function view(db: Db, row: DatasetRow) {
  return shown(row, (await filesOf(db, row.tenantId, [row.id])).get(row.id) ?? []);
}

/** The mapping checked by the simulator's schema: a 422 naming each bad field by its JSON path. */
function checkedMapping(mapping: unknown): Mapping {
  const parsed = parseMapping(mapping);
  if (parsed.ok) return parsed.mapping;
  throw new ProblemError(422, 'invalid-mapping', 'The mapping is not valid', {
    detailZh: '映射文件无效',
    errors: parsed.problems.map((p) => ({ path: `$.mapping${p.path === '(root)' ? '' : `.${p.path}`}`, message: p.message.en, messageZh: p.message.zh })),
  });
}

/**
 * Every column the mapping names that an uploaded file's header lacks, refused at once with its
 * mapping path (saved, it would fail each preview and simulation one column at a time).
 */
async function checkColumnsExist(db: Db, tenantId: string, datasetId: string, mapping: Mapping): Promise<void> {
  const problems = mappedColumnsMissing(mapping, await readDatasetHeads(db, tenantId, datasetId));
  if (problems.length === 0) return;
  throw new ProblemError(422, 'invalid-mapping', "The mapping names columns the uploaded files' headers do not have", {
    detailZh: '映射中的部分列名不在已上传文件的表头中',
    errors: problems.map((p) => ({ path: `$.mapping.${p.path}`, message: p.message.en, messageZh: p.message.zh })),
  });
}

/** A task that did not finish: what stopped the import, and where (file, row, column, mapping path). */
function taskResult(end: TaskEnd): unknown {
  if (end.ok) return end.value;
  // The field to fix, as every 422 names one: the mapping path the import points at, else the file's section of the mapping.
  const at = end.where?.path ?? end.where?.file ?? 'leads';
  const path = typeof at === 'string' && at.startsWith('$') ? at : `$.mapping.${String(at)}`;
  throw new ProblemError(422, 'import-failed', end.words.en, {
    detail: end.words.en,
    detailZh: end.words.zh,
    errors: [{ path, message: end.words.en, messageZh: end.words.zh }],
    ...(end.where ? { where: end.where } : {}),
  });
}

function fileNameOf(c: Context): string | null {
  const raw = c.req.header('x-file-name');
  if (raw === undefined || raw === '') return null;
  let name = raw;
  // A header sent with raw UTF-8 (中文 not URL-encoded) arrives as one character per byte: read
  // those bytes as the UTF-8 they were, when they are (else the name would be stored garbled).
  if (/[\u0080-\u00ff]/.test(raw) && [...raw].every((ch) => ch.charCodeAt(0) <= 0xff)) {
    const utf8 = Buffer.from(raw, 'latin1').toString('utf8');
    if (!utf8.includes('\ufffd')) name = utf8;
  }
  try {
    name = decodeURIComponent(name);
  } catch {
    // not URL-encoded: kept as sent
  }
  return name.slice(0, 255);
}

export function registerDatasets(app: OpenAPIHono<AppEnv>): void {
  app.openapi(r.create, async (c) => {
    const auth = c.var.auth;
    const { name } = c.req.valid('json');
    const row = { tenantId: auth.tenantId, id: randomUUID(), name, mapping: null, createdBy: auth.actor, createdAt: nowIso(c) };
    await c.var.deps.database.db.insert(datasets).values(row);
    return c.json(shown(row, []), 201);
  });

  app.openapi(r.list, async (c) => {
    const db = c.var.deps.database.db;
    const tenantId = c.var.auth.tenantId;
    const rows = await db.select().from(datasets).where(eq(datasets.tenantId, tenantId)).orderBy(desc(datasets.createdAt), asc(datasets.id));
    const files = await filesOf(
      db,
      tenantId,
      rows.map((d) => d.id),
    );
    const items = rows.map((d) => {
      const { mapping, ...rest } = shown(d, files.get(d.id) ?? []);
      return { ...rest, hasMapping: mapping !== null };
    });
    return c.json({ items }, 200);
  });

  app.openapi(r.get, async (c) => {
    const db = c.var.deps.database.db;
    return c.json(await view(db, await requireDataset(db, c.var.auth.tenantId, c.req.valid('param').id)), 200);
  });

  app.openapi(r.remove, async (c) => {
    const db = c.var.deps.database.db;
    const tenantId = c.var.auth.tenantId;
    const row = await requireDataset(db, tenantId, c.req.valid('param').id);
    const uploads = await db.transaction(async (tx) => {
      await refuseDeletingDatasetInUse(tx, tenantId, row.id);
      const files = await tx
        .delete(datasetFiles)
        .where(and(eq(datasetFiles.tenantId, tenantId), eq(datasetFiles.datasetId, row.id)))
        .returning({ uploadId: datasetFiles.uploadId });
      await tx.delete(datasets).where(and(eq(datasets.tenantId, tenantId), eq(datasets.id, row.id)));
      return files.map((f) => f.uploadId);
    });
    await deleteUploads(db, tenantId, uploads);
    return c.body(null, 204);
  });

  app.openapi(r.upload, async (c) => {
    const db = c.var.deps.database.db;
    const tenantId = c.var.auth.tenantId;
    const { id, kind } = c.req.valid('param');
    if (!isFileType(c))
      throw new ProblemError(
        415,
        'unsupported-media-type',
        'Send the file itself as text/csv, application/jsonl or application/octet-stream (not JSON, not a form)',
        {
          detailZh: '请直接上传文件本身，Content-Type 用 text/csv、application/jsonl 或 application/octet-stream（不要用 JSON 或表单）',
        },
      );
    await requireDataset(db, tenantId, id);
    const limit = maxFileBytes();
    const declared = c.req.header('content-length');
    if (declared !== undefined && Number(declared) > limit) throw fileTooLarge(limit);
    const stored = await writeUpload(db, tenantId, c.req.raw.body, limit);
    const fileName = fileNameOf(c);
    const replaced = await db.transaction(async (tx) => {
      const [old] = await tx
        .select({ uploadId: datasetFiles.uploadId })
        .from(datasetFiles)
        .where(and(eq(datasetFiles.tenantId, tenantId), eq(datasetFiles.datasetId, id), eq(datasetFiles.kind, kind)));
      const values = { uploadId: stored.uploadId, fileName, bytes: stored.bytes, sha256: stored.sha256, uploadedAt: nowIso(c) };
      await tx
        .insert(datasetFiles)
        .values({ tenantId, datasetId: id, kind, ...values })
        .onConflictDoUpdate({ target: [datasetFiles.tenantId, datasetFiles.datasetId, datasetFiles.kind], set: values });
      return old?.uploadId;
    });
    if (replaced) await deleteUploads(db, tenantId, [replaced]);
    return c.json({ kind, bytes: stored.bytes, fileName, sha256: stored.sha256 }, 200);
  });

  app.openapi(r.saveMapping, async (c) => {
    const db = c.var.deps.database.db;
    const tenantId = c.var.auth.tenantId;
    const row = await requireDataset(db, tenantId, c.req.valid('param').id);
    // Stored as sent (the schema's defaults are filled in when it is read).
    const mapping: unknown = c.req.valid('json').mapping;
    await checkColumnsExist(db, tenantId, row.id, checkedMapping(mapping));
    await db
      .update(datasets)
      .set({ mapping })
      .where(and(eq(datasets.tenantId, tenantId), eq(datasets.id, row.id)));
    return c.json(await view(db, { ...row, mapping }), 200);
  });

  app.openapi(r.guess, async (c) => {
    const db = c.var.deps.database.db;
    const tenantId = c.var.auth.tenantId;
    const row = await requireDataset(db, tenantId, c.req.valid('param').id);
    const files = await readDatasetFiles(db, tenantId, row.id);
    return c.json(taskResult(await runTask({ task: 'guess', files })) as never, 200);
  });

  // The header line only: read from each file's first chunk here, no worker needed.
  app.openapi(r.columns, async (c) => {
    const db = c.var.deps.database.db;
    const tenantId = c.var.auth.tenantId;
    const row = await requireDataset(db, tenantId, c.req.valid('param').id);
    // The body is optional: an empty request validates as {}, every file read as detected.
    const options: Partial<Record<FileKind, HeaderOptions>> = c.req.valid('json')?.files ?? {};
    const heads = await readDatasetHeads(db, tenantId, row.id);
    const files = FILE_KINDS.flatMap((file) => {
      const head = heads[file];
      return head ? [{ file, columns: headerColumns(head, options[file] ?? {}, file) ?? null }] : [];
    });
    return c.json({ files }, 200);
  });

  app.openapi(r.preview, async (c) => {
    const db = c.var.deps.database.db;
    const tenantId = c.var.auth.tenantId;
    const row = await requireDataset(db, tenantId, c.req.valid('param').id);
    // The body is optional: an empty request validates as {}, no mapping given.
    const given = (c.req.valid('json') as { mapping?: unknown } | undefined)?.mapping;
    if (given !== undefined) checkedMapping(given);
    const mapping = given ?? row.mapping;
    const files = await readDatasetFiles(db, tenantId, row.id);
    return c.json(taskResult(await runTask({ task: 'preview', files, mapping })) as never, 200);
  });
}
