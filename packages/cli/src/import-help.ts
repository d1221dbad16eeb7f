/**
 * Help for the history-import commands, apart from their code: main.ts prints it without loading
 * the simulator, which it imports only when one of these commands runs.
 */
export const MAPPING_HELP = `  sluice mapping --guess <file> [--guess <file> …] [--kind leads|activities|stages|roster] [--encoding auto|utf-8|gb18030] [--json]
                                          propose a mapping from each file's header and rows (up to 20,000; Chinese and English
                                          column names); the mapping goes to stdout, what it could not decide to stderr
                                          根据表头和数据行（最多 20,000 行）推测映射文件；映射输出到 stdout，无法判断之处输出到 stderr
                                          --kind: what a file is, when its header does not say; once per --guess, in order
                                          --kind：文件类型（表头无法判断时）；每个 --guess 各一个，顺序一致
  sluice mapping --check <mapping.json>   check a mapping file / 检查映射文件
  sluice mapping --schema                 print the mapping file's JSON Schema / 输出映射文件的 JSON Schema
`;

export const IMPORT_HELP = `  sluice import --leads <file> [--activities <file>] [--stages <file>] [--roster <file>] --mapping <mapping.json>
               [--encoding auto|utf-8|gb18030] [--json] [--out <history.json>] [--strict]
                                          read CRM exports (CSV, JSON Lines or an Excel .xlsx, its first sheet) through a mapping; print rows read, used and
                                          skipped and why, and every rejected row (row number, column, reason);
                                          --out: write the imported history as JSON; --strict: exit 1 when a row was rejected
                                          按映射文件读取 CRM 导出文件（CSV、JSON Lines 或 Excel .xlsx 的第一个工作表），输出读取、使用、跳过的行数及原因，以及每个被拒绝的行
`;
