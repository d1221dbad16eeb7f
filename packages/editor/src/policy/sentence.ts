import type { NodeKind } from '@sluice/engine';
import { arr, condition, duration, durationOf, list, num, obj, str, type Cfg, type Lang } from './sentenceParts';

type Say = (c: Cfg, lang: Lang) => string;
const pick = (lang: Lang, en: string, zh: string) => (lang === 'zh' ? zh : en);

const POOL = (c: Cfg, lang: Lang) =>
  str(c.poolId) === 'public'
    ? pick(lang, 'back to the public pool', '回收到公海')
    : pick(lang, `back to pool ${str(c.poolId) || '?'}`, `回收到线索池 ${str(c.poolId) || '?'}`);

/** Who an assignment node picks from: teams, roles, named reps. */
function who(c: Cfg, lang: Lang): string {
  const parts: string[] = [];
  if (arr(c.teams).length) parts.push(pick(lang, `team ${list(arr(c.teams), lang)}`, `团队 ${list(arr(c.teams), lang)}`));
  if (arr(c.roles).length) parts.push(pick(lang, `role ${list(arr(c.roles), lang)}`, `角色 ${list(arr(c.roles), lang)}`));
  if (arr(c.reps).length) parts.push(pick(lang, `reps ${list(arr(c.reps), lang)}`, `销售 ${list(arr(c.reps), lang)}`));
  return parts.length ? parts.join(pick(lang, ', ', '，')) : pick(lang, 'all reps', '全部销售');
}

/** A notification's recipient in words (the kind is never shown as its code: `manager ae` is "the manager of team ae"). */
function recipient(kind: string, id: string, lang: Lang): string {
  const who = id || '?';
  switch (kind) {
    case 'owner':
      return pick(lang, 'the owner', '负责人');
    case 'ownerManager':
      return pick(lang, "the owner's manager", '负责人的主管');
    case 'manager':
      return pick(lang, `the manager of team ${who}`, `团队 ${who} 的主管`);
    case 'team':
      return pick(lang, `team ${who}`, `团队 ${who}`);
    case 'role':
      return pick(lang, `everyone with role ${who}`, `职能 ${who} 的全部人员`);
    case 'rep':
      return pick(lang, `rep ${who}`, `销售 ${who}`);
    default:
      return `${kind} ${id}`.trim();
  }
}

function assigner(en: string, zh: string): Say {
  return (c, lang) => {
    const cooling = c.cooling !== undefined ? duration(c.cooling, lang) : num(c.coolingDays) ? duration(c.coolingDays, lang) : '';
    const tail = cooling ? pick(lang, `, not back to a rep within ${cooling}`, `，${cooling}内不回给原销售`) : '';
    return pick(lang, `${en} among ${who(c, lang)}${tail}`, `在${who(c, lang)}中${zh}${tail}`);
  };
}

const RECLAIM_WORDS: Record<string, { en: string; zh: string }> = {
  noFollowUp: { en: 'no follow-up', zh: '无跟进' },
  noOpportunity: { en: 'no new opportunity', zh: '无新商机' },
  noDeal: { en: 'no deal', zh: '未成交' },
};

const EVENT_ZH: Record<string, string> = {
  'lead.created': '新线索',
  'lead.updated': '线索更新',
  'lead.qualified': '线索合格',
  'lead.returned_to_pool': '退回公海',
  'activity.logged': '跟进记录',
  'stage.changed': '阶段变化',
  tick: '定时检查',
  'collab.requested': '协同申请',
  'claim.requested': '报备/领取',
  'deal.won': '成交',
};

const tell = (c: Cfg, lang: Lang) => (arr(c.tell).length ? pick(lang, `; tell ${list(arr(c.tell), lang)}`, `；通知${list(arr(c.tell), lang)}`) : '');

const SENTENCES: Record<NodeKind, Say> = {
  trigger: (c, lang) => {
    const events = arr(c.events).map((e) => (lang === 'zh' ? (EVENT_ZH[str(e)] ?? str(e)) : str(e)));
    return pick(lang, `when ${list(events, lang, 4) || '?'}`, `当${list(events, lang, 4) || '?'}时`);
  },
  condition: (c, lang) => pick(lang, `if ${condition(c.condition, lang)}`, `如果 ${condition(c.condition, lang)}`),
  switch: (c, lang) => {
    const cases = arr(c.cases).map((x) => str(obj(x).label) || list(arr(obj(x).values), lang, 2));
    return pick(lang, `by ${str(c.fact) || '?'}: ${list(cases, lang)} or default`, `按 ${str(c.fact) || '?'} 分支：${list(cases, lang)} 或默认`);
  },
  score: (c, lang) => {
    const n = arr(c.criteria).length + arr(c.perUnit).length;
    const pts = arr(c.criteria).reduce<number>((s, x) => s + (num(obj(x).points) ?? 0), 0);
    return pick(lang, `score the lead on ${n} criteria (up to ${pts} points)`, `按 ${n} 项标准为线索打分（最高 ${pts} 分）`);
  },
  'score.model': (c, lang) => {
    const field = str(c.writeTo) || 'smartScore';
    const model = str(c.model) || '?';
    const add = c.addToScore === true ? pick(lang, ', added to the score', '，并计入得分') : '';
    return c.output === 'probability'
      ? pick(lang, `smart-score with model ${model}: win probability to ${field}${add}`, `用模型 ${model} 智能评分：成交概率写入 ${field}${add}`)
      : pick(lang, `smart-score with model ${model} (0–100) to ${field}${add}`, `用模型 ${model} 智能评分（0–100）写入 ${field}${add}`);
  },
  grade: (c, lang) => {
    const bands = arr(c.bands).map((b) => `${str(obj(b).grade)} ≥ ${str(obj(b).minScore)}`);
    return pick(lang, `grade ${list(bands, lang, 4)}, else ${str(c.otherwise) || '?'}`, `分级 ${list(bands, lang, 4)}，否则 ${str(c.otherwise) || '?'}`);
  },
  notify: (c, lang) => {
    const to = arr(c.to).map((r) => recipient(str(obj(r).kind), str(obj(r).id), lang));
    const verb = { notify: ['notify', '通知'], task: ['give a task to', '创建任务给'], escalate: ['escalate to', '升级给'] }[str(c.mode) || 'notify'] ?? [
      'notify',
      '通知',
    ];
    return pick(lang, `${verb[0]} ${list(to, lang) || '?'}`, `${verb[1]}${list(to, lang) || '?'}`);
  },
  'assign.roundRobin': assigner('round robin', '轮流分配'),
  'assign.weightedRoundRobin': assigner('weighted round robin', '按权重轮流分配'),
  'assign.leastLoaded': assigner('to the least loaded', '分给负载最少的'),
  'assign.capacity': assigner('by free capacity', '按剩余容量分配'),
  'assign.dynamicCap': assigner('by recent throughput', '按近期处理量动态分配'),
  'assign.profileMatch': assigner('to the best profile match', '分给画像最匹配的'),
  'assign.toPool': (c, lang) => pick(lang, `put in pool ${str(c.poolId) || '?'}`, `放入线索池 ${str(c.poolId) || '?'}`),
  'assign.managerQueue': (c, lang) => pick(lang, `queue ${str(c.queueId) || '?'} for a manager to assign`, `进入主管队列 ${str(c.queueId) || '?'} 手动分配`),
  'assign.fallback': (c, lang) => pick(lang, `give to fallback owner ${str(c.repId) || '?'}`, `交给兜底负责人 ${str(c.repId) || '?'}`),
  'assign.cascade': (c, lang) => {
    const tiers = arr(c.tiers).map((t) => {
      const o = obj(t);
      return `${str(o.poolId) || '?'} (${durationOf(o, 'wait', 'waitHours', 'hours', lang)})`;
    });
    return pick(lang, `offer to ${tiers.join(' → ') || '?'} in turn`, `依次放入 ${tiers.join(' → ') || '?'}`);
  },
  'match.existingOwner': (c, lang) =>
    pick(lang, `to the existing owner, matched by ${list(arr(c.keys), lang, 4) || '?'}`, `按${list(arr(c.keys), lang, 4) || '?'}匹配老客户归属人`),
  'reclaim.rule': (c, lang) => {
    const days = obj(c.days);
    const rules = Object.keys(RECLAIM_WORDS)
      .filter((k) => days[k] !== undefined)
      .map((k) => {
        const d = duration(days[k], lang);
        return pick(lang, `${RECLAIM_WORDS[k]!.en} for ${d}`, `${RECLAIM_WORDS[k]!.zh}超过 ${d}`);
      });
    const bands = arr(c.bands).length ? pick(lang, ` (+${arr(c.bands).length} bands)`, `（另 ${arr(c.bands).length} 档）`) : '';
    return `${rules.join(pick(lang, ' or ', '或')) || pick(lang, 'no rule on', '未设规则')}${bands} → ${POOL(c, lang)}`;
  },
  'collab.coFollow': (c, lang) => {
    const bases = arr(c.bases).map((b) => str(obj(b).basis));
    const max = num(c.maxCollaborators);
    const cap = max === undefined ? '' : pick(lang, `, at most ${max}`, `，最多 ${max} 人`);
    return pick(lang, `let reps co-follow (${list(bases, lang)})${cap}`, `允许协同跟进（${list(bases, lang)}）${cap}`);
  },
  'split.credit': (c, lang) => {
    const rows = [
      ...arr(c.roles).map((r) => `${str(obj(r).role)} ${str(obj(r).percent)}%`),
      ...arr(c.stages).map((s) => `${str(obj(s).stage)} ${str(obj(s).percent)}%`),
    ];
    const how = rows.length ? `: ${list(rows, lang, 4)}` : '';
    return pick(lang, `split credit by ${str(c.method) || '?'}${how}`, `按 ${str(c.method) || '?'} 拆分业绩${how.replace(': ', '：')}`);
  },
  'conflict.rule': (c, lang) => {
    const first = str(c.rule) === 'firstDiscovered';
    return pick(lang, `conflict: first ${first ? 'discovered' : 'reported'} keeps the customer`, `撞单：${first ? '先发现' : '先报备'}者保留客户`);
  },
  'override.apply': (c, lang) =>
    pick(lang, `apply committee decision (${list(arr(c.allow), lang) || '?'})`, `执行委员会改判（${list(arr(c.allow), lang) || '?'}）`),
  'penalty.idleClaim': (c, lang) =>
    pick(
      lang,
      `no follow-up ${durationOf(c, 'idleFor', 'idleHours', 'hours', lang)} after a claim → weight ×${str(c.weightFactor) || '?'} for ${durationOf(c, 'lasts', 'days', 'days', lang)}${tell(c, lang)}`,
      `领取后 ${durationOf(c, 'idleFor', 'idleHours', 'hours', lang)} 未跟进 → 权重 ×${str(c.weightFactor) || '?'}，持续 ${durationOf(c, 'lasts', 'days', 'days', lang)}${tell(c, lang)}`,
    ),
  'penalty.hoarding': (c, lang) =>
    pick(
      lang,
      `claims ≥ ${str(c.ratio) || '?'}× peers in ${durationOf(c, 'window', 'windowHours', 'hours', lang)} → suspend claims for ${durationOf(c, 'lasts', 'days', 'days', lang)}${tell(c, lang)}`,
      `${durationOf(c, 'window', 'windowHours', 'hours', lang)}内领取量 ≥ 同事 ${str(c.ratio) || '?'} 倍 → 暂停领取 ${durationOf(c, 'lasts', 'days', 'days', lang)}${tell(c, lang)}`,
    ),
  'penalty.reward': (c, lang) =>
    pick(
      lang,
      `first contact within ${durationOf(c, 'within', 'withinMinutes', 'minutes', lang)} → weight ×${str(c.weightFactor) || '?'} for ${durationOf(c, 'lasts', 'days', 'days', lang)}`,
      `${durationOf(c, 'within', 'withinMinutes', 'minutes', lang)}内首次跟进 → 权重 ×${str(c.weightFactor) || '?'}，持续 ${durationOf(c, 'lasts', 'days', 'days', lang)}`,
    ),
};

const KNOWN = new Set(Object.keys(SENTENCES));

/** The node's config as one plain sentence ("无跟进超过 7 天 → 回收到公海"); never throws on a malformed config. */
export function nodeSentence(node: { type: string; data: unknown }, lang: 'zh' | 'en'): string {
  if (!KNOWN.has(node.type)) return pick(lang, `unknown node kind "${node.type}"`, `未知节点类型“${node.type}”`);
  try {
    return SENTENCES[node.type as NodeKind](obj(node.data), lang);
  } catch {
    return pick(lang, '(config cannot be read)', '（配置无法读取）');
  }
}
