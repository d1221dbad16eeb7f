/**
 * `sluice mapping`: propose a mapping from CRM export files (--guess), check one (--check), or
 * print the mapping file's JSON Schema (--schema). Files are read here; the guessing is the
 * simulator's (pure).
 */
import { readFileSync } from 'node:fs';
import {
  type EncodingChoice,
  FILE_WORDS,
  type HistoryFile,
  type GuessKind,
  guessMappingsFromFiles,
  HistoryImportError,
  type MappingGuess,
  mappingJsonSchema,
  parseMapping,
  workbookAsCsv,
} from '@sluice/simulator/history';
import { CliProblem, type Command, parseFlags, usageProblem } from './args.js';
import { MAPPING_HELP } from './import-help.js';

const MAPPING: Command = { name: 'mapping', help: MAPPING_HELP };

export function readInput(path: string, what: { en: string; zh: string }): Uint8Array {
  try {
    return readFileSync(path);
  } catch {
    throw new CliProblem(`cannot read ${what.en} "${path}"`, `无法读取${what.zh} "${path}"`);
  }
}

/**
 * A CRM export file's content: its bytes, or for an Excel workbook (.xlsx) its first sheet as CSV
 * text (the simulator's workbookAsCsv) — text, so no encoding in the mapping applies to it. `file`:
 * what the file is, when known (an import); a guess names an unreadable workbook by its path.
 */
export async function readExport(path: string, file?: HistoryFile): Promise<string | Uint8Array> {
  const bytes = readInput(path, file === undefined ? { en: 'file', zh: '文件' } : FILE_WORDS[file]);
  try {
    return (await workbookAsCsv(bytes, file))?.text ?? bytes;
  } catch (e) {
    if (file === undefined && e instanceof HistoryImportError) throw new CliProblem(`${path}: ${e.words.en}`, `${path}：${e.words.zh}`);
    throw e;
  }
}

/** A JSON file the user named: unreadable or not JSON → one bilingual line naming the file (exit 2). */
export function readJsonFile(path: string, what: { en: string; zh: string }): unknown {
  const bytes = readInput(path, what);
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new CliProblem(`${what.en} "${path}" is not valid JSON: ${(e as Error).message}`, `${what.zh} "${path}" 不是合法的 JSON`);
  }
}

export function readMappingFile(path: string): unknown {
  return readJsonFile(path, { en: 'mapping file', zh: '映射文件' });
}

const KINDS = ['leads', 'activities', 'stages', 'roster'] as const;
const ENCODINGS = ['auto', 'utf-8', 'gb18030'] as const;

export function encodingFlag(value: string | undefined): EncodingChoice | undefined {
  if (value === undefined) return undefined;
  if ((ENCODINGS as readonly string[]).includes(value)) return value as EncodingChoice;
  throw new CliProblem(`--encoding must be one of ${ENCODINGS.join(', ')}`, `--encoding 须为 ${ENCODINGS.join('、')} 之一`);
}

/** Runs a command body, printing the problems a user can fix as one bilingual line (exit 2) instead of a stack. */
export async function userFacing(body: () => void | Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    if (e instanceof CliProblem || e instanceof HistoryImportError) {
      process.stderr.write(`sluice: ${e.message}\n`);
      process.exitCode = 2;
      return;
    }
    throw e;
  }
}

export function runMapping(args: string[]): Promise<void> {
  return userFacing(async () => {
    const parsed = parseFlags(MAPPING, args, {
      guess: { type: 'string', multiple: true },
      kind: { type: 'string', multiple: true },
      encoding: { type: 'string' },
      json: { type: 'boolean' },
      check: { type: 'string' },
      schema: { type: 'boolean' },
    });
    if (!parsed) return;
    const { values } = parsed;
    if (values.schema) {
      process.stdout.write(`${JSON.stringify(mappingJsonSchema(), null, 2)}\n`);
      return;
    }
    if (values.check !== undefined) return check(values.check);
    if (!values.guess || values.guess.length === 0)
      throw usageProblem(MAPPING, {
        en: 'give --guess <file>, --check <mapping.json> or --schema',
        zh: '请给出 --guess <文件>、--check <mapping.json> 或 --schema',
      });
    const kinds = values.kind ?? [];
    const badKind = kinds.find((k) => !(KINDS as readonly string[]).includes(k));
    if (badKind !== undefined)
      throw new CliProblem(`--kind must be one of ${KINDS.join(', ')}, got "${badKind}"`, `--kind 须为 ${KINDS.join('、')} 之一，实际为 "${badKind}"`);
    // One --kind per --guess, in the same order: which file a lone --kind among several meant cannot be told.
    if (kinds.length > 0 && kinds.length !== values.guess.length)
      throw new CliProblem(
        `give --kind once for each --guess file, in the same order (${values.guess.length} file(s), ${kinds.length} --kind), e.g. --guess a.csv --kind leads --guess b.csv --kind activities`,
        `请为每个 --guess 文件各给一个 --kind，顺序一致（${values.guess.length} 个文件，${kinds.length} 个 --kind），如 --guess a.csv --kind leads --guess b.csv --kind activities`,
      );
    const encoding = encodingFlag(values.encoding);
    // All files at once: the leads id is the column the activity file's lead ids are found in.
    // An Excel workbook is guessed from its first sheet as CSV text (as the import reads it).
    const contents = await Promise.all(values.guess.map((path) => readExport(path)));
    const found = guessMappingsFromFiles(
      contents.map((content, i) => ({
        content,
        ...(encoding ? { encoding } : {}),
        ...(kinds[i] ? { kind: kinds[i] as GuessKind } : {}),
      })),
    );
    const guesses = values.guess.map((path, i) => ({ path, guess: found[i]! }));
    const mapping = merge(guesses);
    if (values.json) {
      process.stdout.write(
        `${JSON.stringify({ mapping, files: guesses.map(({ path, guess: g }) => ({ path, kind: g.kind, encoding: g.encoding, delimiter: g.delimiter, format: g.format, columns: g.columns, notes: g.notes })) }, null, 2)}\n`,
      );
      return;
    }
    process.stdout.write(`${JSON.stringify(mapping, null, 2)}\n`);
    for (const [i, { path, guess: g }] of guesses.entries()) {
      const how =
        typeof contents[i] === 'string'
          ? 'Excel workbook, first sheet / Excel 工作簿第一个工作表'
          : `${g.encoding}${g.delimiter ? `, delimiter "${g.delimiter === '\t' ? 'tab' : g.delimiter}"` : ''}`;
      process.stderr.write(`${path}: ${g.kind}, ${how}\n`);
      for (const n of g.notes) process.stderr.write(`  ? ${n.en}\n    ${n.zh}\n`);
    }
    if (!mapping.leads)
      process.stderr.write('  ! no leads file among the guesses: a mapping needs a "leads" section / 推测的文件中没有线索文件：映射文件必须有 "leads" 部分\n');
  });
}

function merge(guesses: Array<{ path: string; guess: MappingGuess }>): Record<string, unknown> {
  const out: Record<string, unknown> = { version: 1, timeZone: guesses[0]!.guess.mapping.timeZone };
  const from = new Map<string, string>();
  for (const { path, guess } of guesses) {
    const before = from.get(guess.kind);
    if (before !== undefined)
      throw new CliProblem(
        `"${before}" and "${path}" both look like ${guess.kind} files: say what each is with one --kind per --guess, in the same order (--guess ${before} --kind ${guess.kind} --guess ${path} --kind activities)`,
        `"${before}" 和 "${path}" 看起来都是 ${guess.kind} 文件：请为每个 --guess 各给一个 --kind 指明类型，顺序一致（--guess ${before} --kind ${guess.kind} --guess ${path} --kind activities）`,
      );
    from.set(guess.kind, path);
    out[guess.kind] = guess.mapping[guess.kind];
  }
  return out;
}

function check(path: string): void {
  const r = parseMapping(readMappingFile(path));
  if (r.ok) {
    process.stdout.write(`${path}: ok / 有效\n`);
    return;
  }
  process.stderr.write(`${path}: ${r.problems.length} problem(s) / 个问题\n`);
  for (const p of r.problems) process.stderr.write(`  ✗ ${p.path}: ${p.message.en}\n      ${p.message.zh}\n`);
  process.exitCode = 1;
}
