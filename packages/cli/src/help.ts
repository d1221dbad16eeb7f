/**
 * The usage of the commands main.ts runs itself, and the top-level help: each command's block is
 * what its --help prints, and the top-level help is made of them, so the two never disagree.
 */
import { IMPORT_HELP, MAPPING_HELP } from './import-help.js';

/**
 * What `--at` is, said once for the help and the usage errors: the decision instant. The server
 * decides at its own clock (a stored decision's `at`), so that is the --at that reproduces it.
 */
export const AT_HELP = `  --at is the decision instant ("now"): shifts, out of office, daily caps and their local day,
  claim limits, penalties in force, cooling, reclaim and cascade clocks and reminders read it.
  The event's own "at" (and activity.at) only says when what it reports happened.
  decide without --at decides at the event's "at"; the server decides at its clock (the "at" of
  a stored decision): pass that to reproduce a server decision.
  --at takes an instant with its UTC offset, e.g. 2026-03-02T10:00:00+08:00 or …Z
  --at 即决策时刻（“当前时间”）：班次、休假、每日上限及其本地日、领取限制、生效中的惩罚、冷却期、
  回收与分级计时及提醒都以它为准；事件自身的 at（及 activity.at）只表示所报告的事情发生的时间。
  decide 未给 --at 时按事件的 at 决策；服务器按自己的时钟决策（即已保存决策的 "at"），复现时请传入该值。
  --at 须为带时区偏移的时间，如 2026-03-02T10:00:00+08:00 或 …Z
`;

export const COMPILE_HELP = `  sluice compile <policy.json> [--fields <catalog.json>] [--state <state.json>]
                                          print the compiled json-rules-engine rules, or the errors (exit 1);
                                          --fields: the tenant's lead-field catalog (a JSON array, like
                                          examples/fields.json): unknown lead fields become errors. Without it
                                          they are warnings on stderr and the exit code stays 0;
                                          --state: the roster it will run with (a state file's reps): a team,
                                          rep or role no active rep has is a warning on stderr (exit stays 0)
                                          输出编译后的 json-rules-engine 规则，或错误（退出码 1）；--fields：租户的线索字段目录
                                          （JSON 数组，如 examples/fields.json），未知的线索字段为错误，未给出时只在 stderr 警告；
                                          --state：将使用的名单，没有在职销售的团队、销售或职能会在 stderr 警告
`;

export const DECIDE_HELP = `  sluice decide --policy <p.json> --state <state.json> --event <event.json> [--at <iso>] [--reference]
                                          print the decision as JSON (--at defaults to the event's time);
                                          --reference: evaluate the rules with json-rules-engine, not the compiled fast path
                                          以 JSON 输出决策（--at 默认为事件的时间）；--reference：用 json-rules-engine 求值
`;

export const TICK_HELP = `  sluice tick --policy <p.json> --state <state.json> --at <iso>
                                          run a clock tick: every owned lead (or rep) the policy checks
                                          执行一次时钟检查：策略检查的每条已分配线索（或每位销售）
`;

export const SCHEMA_HELP = `  sluice schema                           print the policy document's JSON Schema / 输出策略文档的 JSON Schema
`;

export const NODES_HELP = `  sluice nodes [--json]                   list node kinds (en / zh); --json: schemas for the editor
                                          列出节点类型（中英文）；--json：编辑器所用的配置 schema
`;

export const DEMO_HELP = `  sluice demo                             replay a few leads through an example policy / 用示例策略回放几条线索
`;

export const HELP = `sluice — lead circulation policies / 线索流转策略

${COMPILE_HELP}${DECIDE_HELP}${TICK_HELP}  sluice test <policy.json>… [--cases <file>] [--tenant <state.json>] [--junit <out.xml>] [--lang en|zh] [--json]
                                          run the policy's test cases; exit 1 if any fails (sluice test --help)
                                          运行策略的测试用例，有失败时退出码为 1
${SCHEMA_HELP}${NODES_HELP}${DEMO_HELP}${MAPPING_HELP}${IMPORT_HELP}  sluice simulate --leads <file> --mapping <mapping.json> --policy <a.json> --policy <b.json> --out <report.json>
                                          A/B/n replay of a history (sluice simulate --help) / 历史回放对比
  sluice model train|evaluate|score --leads <file> --mapping <mapping.json> …
                                          the smart score: learn P(won) from won and lost leads, judge it against the
                                          points table, score leads (sluice model --help) / 智能评分：训练、评估、评分
  sluice <command> --help (or -h)         the command's usage / 查看该命令的用法
${AT_HELP}`;
