import { describe, expect, it } from 'vitest';
import type { HistoryLead } from '../types.js';
import { utf8 } from './gb18030.testkit.js';
import { importHistory } from './importHistory.js';
import { futureCreatedDates, LooseLeadIds, repsWrittenTwoWays, strayCreatedDates } from './consistency.js';

const lead = (row: number, createdAt: string, ownerRepId?: string): HistoryLead => ({
  id: `L${row}`,
  createdAt,
  attributes: {},
  outcome: 'open',
  row,
  ...(ownerRepId ? { ownerRepId } : {}),
});
const quarter = (n: number) => Array.from({ length: n }, (_, i) => lead(i + 2, new Date(Date.UTC(2026, 0, 1 + (i % 90), 9)).toISOString()));

describe('strayCreatedDates', () => {
  it('names the leads created years away from the rest, with their rows', () => {
    const leads = [...quarter(200), lead(300, '2062-03-01T00:00:00.000Z'), lead(301, '1970-01-01T00:00:00.000Z')];
    expect(strayCreatedDates(leads)).toEqual({
      en: '2 lead(s) were created far from the rest, which run from 2026-01-01 to 2026-03-31: rows 300 (2062-03-01), 301 (1970-01-01). Check their years: the replay runs from the first lead to the last, so a stray year stretches it',
      zh: '2 条线索的创建时间远离其余线索（其余在 2026-01-01 至 2026-03-31 之间）：第 300 (2062-03-01), 301 (1970-01-01) 行。请检查年份：回放从第一条线索持续到最后一条，错误的年份会把回放拉长',
    });
  });

  it('says nothing of a history that is merely long, or too small to tell', () => {
    const year = Array.from({ length: 365 }, (_, i) => lead(i + 2, new Date(Date.UTC(2025, 0, 1 + i)).toISOString()));
    expect(strayCreatedDates(year)).toBeUndefined();
    expect(strayCreatedDates([...quarter(5), lead(99, '2062-01-01T00:00:00.000Z')])).toBeUndefined();
  });
});

describe('futureCreatedDates', () => {
  it('names the leads created more than a day after the import ran', () => {
    const leads = [lead(2, '2026-03-01T00:00:00.000Z'), lead(3, '2027-03-01T00:00:00.000Z'), lead(4, '2026-12-08T09:00:00.000Z')];
    expect(futureCreatedDates(leads, '2026-12-07T10:00:00.000Z')).toEqual({
      en: "1 lead(s) are created after today (2026-12-07): rows 3 (2027-03-01). Check their years, and that dateOrder reads the export's dates the right way round",
      zh: '1 条线索的创建时间晚于今天（2026-12-07）：第 3 (2027-03-01) 行。请检查年份，以及 dateOrder 是否按正确的日/月顺序读取',
    });
  });

  it('says nothing without a clock, or when every lead is before it', () => {
    expect(futureCreatedDates([lead(2, '2099-01-01T00:00:00.000Z')], undefined)).toBeUndefined();
    expect(futureCreatedDates([lead(2, '2026-12-07T23:00:00.000Z')], '2026-12-07T10:00:00.000Z')).toBeUndefined();
  });

  it('the import notes them on the leads file when the caller gives the time', () => {
    const mapping = { version: 1, timeZone: 'UTC', leads: { columns: { id: 'id', createdAt: 'created' } } };
    const leads = utf8(['id,created', 'A,2026-03-01', 'B,2062-03-01'].join('\n'));
    const notes = (now?: string) => importHistory({ mapping, leads, ...(now ? { now } : {}) }).summaries[0]!.notes?.map((n) => n.en) ?? [];
    expect(notes('2026-12-07T00:00:00.000Z')).toContainEqual(
      expect.stringMatching(/^1 lead\(s\) are created after today \(2026-12-07\): rows 3 \(2062-03-01\)/),
    );
    expect(notes().some((n) => n.includes('after today'))).toBe(false);
  });
});

describe('names and ids written two ways', () => {
  it('groups rep names that differ only in spaces, case or width', () => {
    const leads = [lead(2, '2026-01-01T00:00:00.000Z', '王 芳'), lead(3, '2026-01-01T00:00:00.000Z', '王芳'), lead(4, '2026-01-01T00:00:00.000Z', 'Ann Lee')];
    const note = repsWrittenTwoWays(leads, [{ leadId: 'L2', at: '2026-01-02T00:00:00.000Z', type: 'call', repId: 'ann lee' }]);
    expect(note?.en).toBe(
      '2 rep name(s) are written more than one way, differing only in spaces, case or full-width letters: "王 芳" / "王芳"; "Ann Lee" / "ann lee". Each spelling is read as a rep of its own; if they are one person, write them one way in the export or give a roster file',
    );
    expect(repsWrittenTwoWays([lead(2, '2026-01-01T00:00:00.000Z', '王芳'), lead(3, '2026-01-01T00:00:00.000Z', '李四')], [])).toBeUndefined();
  });

  it('finds a lead id written loosely', () => {
    const ids = new LooseLeadIds(() => ['CN-1002', 'CN-1003']);
    expect([ids.near('cn-1002'), ids.near('ＣＮ-1003'), ids.near(' CN-1003 '), ids.near('CN-1004')]).toEqual(['CN-1002', 'CN-1003', 'CN-1003', undefined]);
  });

  it('an import rejects the loose activity id saying which lead it likely meant, and notes the rep written two ways', () => {
    const mapping = {
      version: 1,
      timeZone: 'Asia/Shanghai',
      leads: { columns: { id: '线索编号', createdAt: '创建时间', owner: '负责人' } },
      activities: { columns: { leadId: '线索编号', at: '跟进时间', rep: '跟进人' } },
    };
    const leads = ['线索编号,创建时间,负责人', 'CN-1002,2026-03-01 09:00,王芳', 'CN-1003,2026-03-01 10:00,王 芳'].join('\n');
    const activities = ['线索编号,跟进时间,跟进人', 'cn-1002,2026-03-02 09:00,王芳', 'CN-1003,2026-03-02 10:00,王 芳'].join('\n');
    const r = importHistory({ mapping, leads: utf8(leads), activities: utf8(activities) });
    expect(r.rejects).toEqual([
      {
        file: 'activities',
        row: 2,
        column: '线索编号',
        code: 'unknown-lead',
        reason: {
          en: 'lead "cn-1002" is not in the leads file, but "CN-1002" is: ids are compared exactly (case, spaces, full-width letters), so write them one way',
          zh: '线索“cn-1002”不在线索文件中，但有“CN-1002”：编号按原样比较（大小写、空格、全角半角均区分），请统一写法',
        },
      },
    ]);
    expect(r.summaries[0]!.notes!.some((n) => n.en.includes('"王芳" / "王 芳"'))).toBe(true);
  });
});
