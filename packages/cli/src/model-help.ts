/** `sluice model` help, in both languages. */
export const MODEL_HELP = `  sluice model train --leads <file> [--activities <file>] --mapping <mapping.json> [--points <policy.json>]
                  [--horizon <hours>] [--key <key>] [--seed N] [--test-share 0.25] [--l2 <x>] [--exclude a,b] [--include a,b]
                  [--by <name>] [--trained-at <iso>] --out <model.json> [--report <report.json>] [--html <report.html>] [--json]
                                          learn the smart score (P(won)) from the history's won and lost leads: trained on
                                          the older ones, judged on the newest (--test-share) against --points (the points
                                          table you use now) or the base rate. --horizon: hours after creation whose
                                          activities are known when a lead is scored (default 0: attributes only). Columns
                                          that leak the outcome are dropped and listed with the reason. --include keeps
                                          columns you know are filled at creation; --exclude leaves columns out.
                                          --json prints the report on stdout. Same files, seed and --trained-at → the same model
                                          从历史中的赢单/输单线索学习智能评分（赢单概率）：用较早的线索训练，用最新的线索（--test-share）
                                          与 --points（现行积分表）或基准赢单率对比评估。--horizon：评分时已知创建后多少小时内的跟进
                                          （默认 0：只用线索属性）。会泄露结果的列被剔除并列出原因。--include 保留确知在创建时就已填写的列，
                                          --exclude 排除列。--json 在标准输出打印报告。相同文件、种子和 --trained-at → 相同模型
  sluice model evaluate --model <model.json> --leads <file> [--activities <file>] --mapping <mapping.json>
                  [--points <policy.json>] [--horizon <hours>] [--seed N] [--report <report.json>] [--html <report.html>] [--json]
                                          judge a trained model on a history (the newest leads, split as in training)
                                          在历史数据上评估已训练的模型（按训练时的方式划分，最新线索为测试部分）
  sluice model score --model <model.json> --leads <file> [--activities <file>] --mapping <mapping.json>
                  [--horizon <hours>] --out <scores.csv|scores.jsonl>
                                          score every lead: id, score 0–100, probability and the 3 features that moved it
                                          most, in English and 中文 (CSV, or JSON Lines when the file ends in .jsonl)
                                          为每条线索评分：编号、0–100 分、概率及影响最大的 3 个特征（中英文；.jsonl 结尾则输出 JSON Lines）
  Exit codes: 0 done (also when the model is not offered: the report says why), 2 a problem with the input
  退出码：0 完成（模型未被推荐时也是 0，报告说明原因），2 输入有问题
`;
