export { importHistory, type ImportHistoryInput } from './importHistory.js';
export {
  mappingSchema,
  mappingJsonSchema,
  parseMapping,
  normalValue,
  type Mapping,
  type MappingInput,
  type MappingProblem,
} from './mapping.js';
export { guessMapping, guessKind, isTimeZoneNote, type MappingGuess, type ColumnGuess, type GuessKind, type GuessOptions } from './guess.js';
export { guessMappingFromFile, guessMappingsFromFiles, type FileGuess, type GuessFileInput } from './guessFiles.js';
export { HistoryImportError, FILE_WORDS, type HistoryFile } from './errors.js';
export { headerColumns, mappedColumnsMissing, type HeaderOptions, type HeaderProblem } from './headerCheck.js';
export { decodeText, type EncodingChoice, type EncodingFound } from './decode.js';
export { isXlsx, notATextExport } from './fileFormat.js';
export { workbookAsCsv } from './workbook.js';
export { readTable, detectDelimiter, type Table, type TableRow } from './table.js';
export { parseDate, decideDateOrder, type DateOrder } from './dates.js';
export { parseNumber, parseBoolean } from './values.js';
export { REJECT_REASONS, rejectReason } from './reasons.js';
export type { History, ImportResult, ImportSummary, RejectedRow, Words } from '../types.js';
