import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { columnText } from '../../db/limits.js';
import { datasets } from '../../db/schema.js';
import { authProblems, jsonContent, problemResponse } from '../../http/responses.js';
import { FILE_KINDS } from '../../simulation/storage.js';
import { forEditors, forReaders, oneProblems, words } from '../simulations/common.js';

const idParam = z.object({ id: columnText(datasets.id).min(1) });

const fileView = z.object({
  kind: z.enum(FILE_KINDS),
  bytes: z.number().int(),
  fileName: z.string().nullable(),
  sha256: z.string(),
  uploadedAt: z.string(),
});
export const datasetView = z.object({
  id: z.string(),
  name: z.string(),
  files: z.array(fileView),
  mapping: z.any().nullable().describe('The mapping file (see examples/schemas/mapping.schema.json); null until saved / 映射文件，未保存时为 null'),
  createdAt: z.string(),
  createdBy: z.string(),
});
const listItem = datasetView.omit({ mapping: true }).extend({ hasMapping: z.boolean() });
const mappingBody = z.strictObject({ mapping: z.any().describe('The mapping file as JSON / 映射文件 JSON') });

export const create = createRoute({
  ...forEditors,
  operationId: 'createDataset',
  method: 'post',
  path: '/v1/datasets',
  summary: 'Create a dataset (a CRM export and its mapping) / 创建数据集（CRM 导出文件及其映射）',
  request: { body: { content: { 'application/json': { schema: z.strictObject({ name: columnText(datasets.name, 200).trim().min(1) }) } }, required: true } },
  responses: { 201: jsonContent(datasetView, 'Created'), ...authProblems, 422: problemResponse },
});

export const list = createRoute({
  ...forReaders,
  operationId: 'listDatasets',
  method: 'get',
  path: '/v1/datasets',
  summary: 'List datasets / 列出数据集',
  responses: { 200: jsonContent(z.object({ items: z.array(listItem) }), 'Datasets'), ...authProblems },
});

export const get = createRoute({
  ...forReaders,
  operationId: 'getDataset',
  method: 'get',
  path: '/v1/datasets/{id}',
  summary: 'A dataset: its files and mapping / 数据集详情：文件与映射',
  request: { params: idParam },
  responses: { 200: jsonContent(datasetView, 'The dataset'), ...oneProblems },
});

export const remove = createRoute({
  ...forEditors,
  operationId: 'deleteDataset',
  method: 'delete',
  path: '/v1/datasets/{id}',
  summary: 'Delete a dataset and its files (simulations keep their reports) / 删除数据集及其文件（模拟结果保留）',
  description:
    'Refused (409 dataset-in-use) while a simulation or model training that uses it is queued or running: cancel it or wait until it ends. / 有使用该数据集的模拟或模型训练在排队或运行时拒绝删除（409 dataset-in-use）：请先取消或等待其结束。',
  request: { params: idParam },
  responses: { 204: { description: 'Deleted' }, ...oneProblems, 409: problemResponse },
});

export const upload = createRoute({
  ...forEditors,
  operationId: 'uploadDatasetFile',
  method: 'put',
  path: '/v1/datasets/{id}/files/{kind}',
  summary: 'Upload (or replace) one file of a dataset, streamed / 上传（或替换）数据集的一个文件（流式）',
  description: [
    'The body is the file itself, as sent: CSV or JSONL in UTF-8 (with or without BOM) or GB18030. Use `text/csv`, `application/jsonl` or `application/octet-stream`. It is streamed to storage; above the size limit (100 MB unless the server sets SLUICE_DATASET_MAX_BYTES) the answer is 413. `x-file-name` (URL-encoded) names the file.',
    '',
    '请求体即文件本身：UTF-8（可带 BOM）或 GB18030 编码的 CSV 或 JSONL，Content-Type 用 text/csv、application/jsonl 或 application/octet-stream。文件以流式写入存储；超过大小上限（默认 100 MB，服务器可用 SLUICE_DATASET_MAX_BYTES 调整）返回 413。x-file-name 请求头（URL 编码）为文件名。',
  ].join('\n'),
  request: {
    params: idParam.extend({ kind: z.enum(FILE_KINDS) }),
    headers: z.object({ 'x-file-name': z.string().max(1000).optional() }),
    body: {
      content: {
        // Plain schemas, not zod: @hono/zod-openapi would parse "application/jsonl" as JSON (its regex takes any application/json…).
        'text/csv': { schema: { type: 'string' } },
        'application/jsonl': { schema: { type: 'string' } },
        'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
      },
      required: true,
    },
  },
  responses: {
    200: jsonContent(fileView.omit({ uploadedAt: true }), 'Stored'),
    ...oneProblems,
    413: problemResponse,
    415: problemResponse,
    422: problemResponse,
  },
});

export const saveMapping = createRoute({
  ...forEditors,
  operationId: 'saveDatasetMapping',
  method: 'put',
  path: '/v1/datasets/{id}/mapping',
  summary:
    'Save the mapping (checked against the mapping schema and the uploaded files’ headers; every error by its JSON path) / 保存映射（按映射文件模式及已上传文件的表头校验，每个错误附 JSON 路径）',
  request: { params: idParam, body: { content: { 'application/json': { schema: mappingBody } }, required: true } },
  responses: { 200: jsonContent(datasetView, 'Saved'), ...oneProblems, 422: problemResponse },
});

/** How a file's header line is read: as a mapping section says it (`auto`, the default, detects it). */
const headerOptions = z.strictObject({
  format: z.enum(['auto', 'csv', 'jsonl']).optional(),
  encoding: z.enum(['auto', 'utf-8', 'gb18030']).optional(),
  delimiter: z.enum(['auto', ',', ';', '\t', '|']).optional(),
});
export const columns = createRoute({
  ...forEditors,
  operationId: 'datasetColumns',
  method: 'post',
  path: '/v1/datasets/{id}/columns',
  summary: 'The column names of each uploaded file’s header line, to map them from / 各已上传文件表头中的列名，供映射时选择',
  description: [
    'Read from the head of each file with the options given for it (those of the mapping being edited; `auto` where none is given). `columns` is null for a file whose columns a header line cannot list: JSON Lines (the keys of every line), or bytes that do not decode.',
    '',
    '按为各文件给出的读取方式（即正在编辑的映射中的设置，未给出时自动识别）读取文件开头的表头。无法由表头列出列名的文件（JSON Lines，或无法解码的内容）其 columns 为 null。',
  ].join('\n'),
  request: {
    params: idParam,
    body: {
      content: {
        'application/json': {
          schema: z.strictObject({
            files: z
              .strictObject({
                leads: headerOptions.optional(),
                activities: headerOptions.optional(),
                stages: headerOptions.optional(),
                roster: headerOptions.optional(),
              })
              .optional(),
          }),
        },
      },
      required: false,
    },
  },
  responses: {
    200: jsonContent(
      z.object({
        files: z
          .array(z.object({ file: z.enum(FILE_KINDS), columns: z.array(z.string()).nullable() }))
          .describe('One per uploaded file, in the order leads, activities, stages, roster / 每个已上传文件一项'),
      }),
      'The columns',
    ),
    ...oneProblems,
    422: problemResponse,
  },
});

const columnGuess = z.object({ file: z.enum(FILE_KINDS), column: z.string(), role: z.string(), confidence: z.enum(['high', 'low']) });
export const guess = createRoute({
  ...forEditors,
  operationId: 'guessDatasetMapping',
  method: 'post',
  path: '/v1/datasets/{id}/guess',
  summary: 'Guess a mapping from the stored files’ headers and values / 根据已上传文件的表头与取值推测映射',
  request: { params: idParam },
  responses: {
    200: jsonContent(
      z.object({
        mapping: z.any(),
        notes: z.array(words),
        confidence: z.enum(['high', 'low']).describe('high: every column was recognised by its header / 所有列均由表头识别'),
        columns: z.array(columnGuess),
      }),
      'The guess',
    ),
    ...oneProblems,
    422: problemResponse,
  },
});

const rejectView = z.object({
  file: z.enum(FILE_KINDS),
  row: z.number().int().describe('1-based line in its file (the header is row 1) / 文件中的行号（表头为第 1 行）'),
  column: z.string().optional(),
  reason: words,
  code: z.string(),
});
const summaryView = z.object({
  file: z.enum(FILE_KINDS),
  rowsRead: z.number().int(),
  rowsUsed: z.number().int(),
  rowsSkipped: z.number().int(),
  skippedBy: z.record(z.string(), z.number().int()),
  encoding: z.string().optional(),
  delimiter: z.string().optional(),
  notes: z.array(words).optional(),
});
export const preview = createRoute({
  ...forEditors,
  operationId: 'previewDataset',
  method: 'post',
  path: '/v1/datasets/{id}/preview',
  summary: 'Import the stored files with the saved (or the given) mapping and show the result / 用已保存（或给定）的映射导入文件并预览结果',
  request: { params: idParam, body: { content: { 'application/json': { schema: z.strictObject({ mapping: z.any().optional() }) } }, required: false } },
  responses: {
    200: jsonContent(
      z.object({
        summaries: z.array(summaryView),
        rejects: z.array(rejectView).describe('The first 200 rejected rows / 前 200 条被拒绝的行'),
        rejectCount: z.number().int().describe('All rejected rows / 被拒绝的行总数'),
        leads: z.array(z.any()).describe('The first 20 leads as imported / 导入后的前 20 条线索'),
        reps: z.number().int(),
        roster: z
          .array(z.object({ id: z.string(), teams: z.array(z.string()), roles: z.array(z.string()), active: z.boolean() }))
          .optional()
          .describe(
            'The roster as imported, to check candidate policies against (the page warns of a team none has); absent above 5,000 reps / 导入后的名单，用于在运行前核对候选策略；超过 5,000 名销售时不提供',
          ),
        period: z.object({ start: z.string().nullable(), end: z.string().nullable() }),
      }),
      'The import',
    ),
    ...oneProblems,
    422: problemResponse,
  },
});
