/**
 * Dataset files in the database, in pieces: an upload is written chunk by chunk as its body
 * streams in (never held whole in memory), in the same tables on PGlite and PostgreSQL, so every
 * replica sees every file. A file is replaced only once its new upload is complete.
 */
import { createHash, randomUUID } from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/connect.js';
import { datasetChunks, datasetFiles } from '../db/schema.js';
import { HistoryImportError, isXlsx, notATextExport, workbookAsCsv } from '@sluice/simulator/history';
import { ProblemError } from '../http/problem.js';

/** Bytes per stored piece: small enough to keep an insert cheap, large enough to keep rows few. */
const CHUNK_BYTES = 1 << 20;

/** Default largest file (100 MB); `SLUICE_DATASET_MAX_BYTES` overrides it. */
export const DEFAULT_MAX_FILE_BYTES = 100 * 1024 * 1024;

export function maxFileBytes(): number {
  const set = Number(process.env.SLUICE_DATASET_MAX_BYTES);
  return Number.isSafeInteger(set) && set > 0 ? set : DEFAULT_MAX_FILE_BYTES;
}

export function fileTooLarge(limit: number): ProblemError {
  const mb = (limit / 1024 / 1024).toFixed(limit < 1024 * 1024 ? 3 : 0);
  return new ProblemError(413, 'file-too-large', `The file is larger than the limit of ${limit} bytes (${mb} MB)`, {
    detailZh: `文件超过大小上限 ${limit} 字节（${mb} MB）`,
    limitBytes: limit,
  });
}

export interface StoredFile {
  uploadId: string;
  bytes: number;
  sha256: string;
}

/** The bytes an upload's format is told by (see notATextExport): a workbook's entry names lie within them. */
const HEAD_BYTES = 4096;

/** 415 for a file that is not a text export (a zip, a PDF, an old .xls), saying what to do instead; an .xlsx workbook is read (asWorkbook). */
function nonTextProblem(head: Uint8Array): ProblemError | undefined {
  if (isXlsx(head.subarray(0, HEAD_BYTES))) return undefined;
  const format = notATextExport(head.subarray(0, HEAD_BYTES));
  return format && new ProblemError(415, 'not-a-text-export', format.en, { detailZh: format.zh });
}

const UTF8_BOM = new Uint8Array([0xef, 0xbb, 0xbf]);

/**
 * An uploaded Excel workbook (.xlsx) stored as what the import reads: its first sheet as CSV,
 * UTF-8 with a BOM (which outranks any encoding a mapping names). A workbook is a zip read whole,
 * so it is held in memory once it is known to be one (within the same size limit); one that cannot
 * be read is a 422 saying so.
 */
async function asWorkbook(body: Uint8Array): Promise<Uint8Array> {
  try {
    // Called only for bytes isXlsx says are a workbook, which workbookAsCsv always converts.
    const converted = (await workbookAsCsv(body))!;
    const text = new TextEncoder().encode(converted.text);
    const out = new Uint8Array(UTF8_BOM.length + text.length);
    out.set(UTF8_BOM);
    out.set(text, UTF8_BOM.length);
    return out;
  } catch (e) {
    if (e instanceof HistoryImportError) throw new ProblemError(422, 'unreadable-workbook', e.words.en, { detailZh: e.words.zh });
    throw e;
  }
}

/** Streams `body` into chunk rows under a new upload id; removes them again if the body is too large or breaks off, or is no text export (refused before any chunk is stored). */
export async function writeUpload(db: Db, tenantId: string, body: ReadableStream<Uint8Array> | null, limit: number): Promise<StoredFile> {
  const uploadId = randomUUID();
  const hash = createHash('sha256');
  let bytes = 0;
  let seq = 0;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let headChecked = false;
  /** An .xlsx upload: held whole (a zip is read whole) and stored as CSV at the end. */
  let workbook = false;
  const flush = async () => {
    if (pendingBytes === 0) return;
    const piece = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    await db.insert(datasetChunks).values({ tenantId, uploadId, seq: seq++, dataBase64: piece.toString('base64') });
  };
  try {
    if (body) {
      const reader = body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        bytes += value.byteLength;
        if (bytes > limit) {
          await reader.cancel().catch(() => undefined);
          throw fileTooLarge(limit);
        }
        hash.update(value);
        pending.push(value);
        pendingBytes += value.byteLength;
        if (!headChecked && pendingBytes >= HEAD_BYTES) {
          headChecked = true;
          const head = Buffer.concat(pending, pendingBytes);
          workbook = isXlsx(head.subarray(0, HEAD_BYTES));
          const problem = nonTextProblem(head);
          if (problem) {
            await reader.cancel().catch(() => undefined);
            throw problem;
          }
        }
        if (pendingBytes >= CHUNK_BYTES && !workbook) await flush();
      }
    }
    const problem = headChecked ? undefined : nonTextProblem(Buffer.concat(pending, pendingBytes));
    if (problem) throw problem;
    // A body shorter than the head the check waits for is told here.
    if (!headChecked) workbook = isXlsx(Buffer.concat(pending, pendingBytes));
    if (workbook) {
      // Nothing was stored while a workbook streamed in: its CSV is, in chunks, as a text upload's would be.
      const csv = await asWorkbook(Buffer.concat(pending, pendingBytes));
      for (let at = 0; at < csv.byteLength; at += CHUNK_BYTES)
        await db
          .insert(datasetChunks)
          .values({ tenantId, uploadId, seq: seq++, dataBase64: Buffer.from(csv.subarray(at, at + CHUNK_BYTES)).toString('base64') });
      return { uploadId, bytes: csv.byteLength, sha256: createHash('sha256').update(csv).digest('hex') };
    }
    await flush();
  } catch (e) {
    await deleteUploads(db, tenantId, [uploadId]).catch(() => undefined);
    throw e;
  }
  return { uploadId, bytes, sha256: hash.digest('hex') };
}

export async function deleteUploads(db: Db, tenantId: string, uploadIds: string[]): Promise<void> {
  if (uploadIds.length === 0) return;
  await db.delete(datasetChunks).where(and(eq(datasetChunks.tenantId, tenantId), inArray(datasetChunks.uploadId, uploadIds)));
}

/** A stored upload's bytes, in one buffer of its own (transferable to a worker thread). */
export async function readUpload(db: Db, tenantId: string, uploadId: string, bytes: number): Promise<Uint8Array> {
  const out = new Uint8Array(bytes);
  let at = 0;
  // One chunk per query: the rows of a 100 MB file are not all held as text at once.
  for (let seq = 0; at < bytes; seq++) {
    const [row] = await db
      .select({ data: datasetChunks.dataBase64 })
      .from(datasetChunks)
      .where(and(eq(datasetChunks.tenantId, tenantId), eq(datasetChunks.uploadId, uploadId), eq(datasetChunks.seq, seq)));
    if (!row) throw new Error(`upload ${uploadId} lacks chunk ${seq}`);
    const piece = Buffer.from(row.data, 'base64');
    out.set(piece, at);
    at += piece.byteLength;
  }
  return out;
}

/** Each stored file's first chunk (up to 1 MB): its header line, for checking a mapping without reading the file whole. */
export async function readDatasetHeads(db: Db, tenantId: string, datasetId: string): Promise<Partial<Record<FileKind, Uint8Array>>> {
  const rows = await db
    .select({ kind: datasetFiles.kind, data: datasetChunks.dataBase64 })
    .from(datasetFiles)
    .innerJoin(
      datasetChunks,
      and(eq(datasetChunks.tenantId, datasetFiles.tenantId), eq(datasetChunks.uploadId, datasetFiles.uploadId), eq(datasetChunks.seq, 0)),
    )
    .where(and(eq(datasetFiles.tenantId, tenantId), eq(datasetFiles.datasetId, datasetId)));
  const out: Partial<Record<FileKind, Uint8Array>> = {};
  for (const r of rows) out[r.kind as FileKind] = new Uint8Array(Buffer.from(r.data, 'base64'));
  return out;
}

export type FileKind = 'leads' | 'activities' | 'stages' | 'roster';
export const FILE_KINDS = ['leads', 'activities', 'stages', 'roster'] as const;

/** Every stored file of a dataset, read whole: what an import takes. */
export async function readDatasetFiles(db: Db, tenantId: string, datasetId: string): Promise<Partial<Record<FileKind, Uint8Array>>> {
  const files = await db
    .select()
    .from(datasetFiles)
    .where(and(eq(datasetFiles.tenantId, tenantId), eq(datasetFiles.datasetId, datasetId)))
    .orderBy(asc(datasetFiles.kind));
  const out: Partial<Record<FileKind, Uint8Array>> = {};
  for (const f of files) out[f.kind as FileKind] = await readUpload(db, tenantId, f.uploadId, f.bytes);
  return out;
}
