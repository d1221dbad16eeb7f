import { describe, expect, it } from 'vitest';
import { sluice } from './cliRunner.js';

describe('the CLI says what --at is', () => {
  it('help and usage errors name the rules --at decides, in en and zh', async () => {
    const [help, usage] = await Promise.all([sluice('help'), sluice('tick', '--policy', 'examples/policies/s16-reclaim-rules.json')]);
    expect(help.stdout).toContain('--at is the decision instant ("now"): shifts, out of office, daily caps and their local day');
    expect(help.stdout).toContain('the server decides at its clock (the "at" of\n  a stored decision)');
    expect(help.stdout).toContain('--at 即决策时刻（“当前时间”）：班次、休假、每日上限及其本地日');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('sluice: tick: missing --state, --at (usage below) / tick：缺少 --state、--at（用法见下）\n  sluice tick --policy');
    expect(usage.stderr).toContain('penalties in force, cooling, reclaim and cascade clocks and reminders read it');
  });
});
