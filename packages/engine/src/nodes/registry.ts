import type { NodeSpec } from '../types/nodeSpec.js';
import { trigger } from './trigger.js';
import { condition } from './condition.js';
import { switchNode } from './switch.js';
import { score } from './score.js';
import { grade } from './grade.js';
import { scoreModel } from './scoreModel.js';
import { notify } from './notify.js';
import { roundRobin } from './assign/roundRobin.js';
import { weightedRoundRobin } from './assign/weightedRoundRobin.js';
import { leastLoaded } from './assign/leastLoaded.js';
import { capacity } from './assign/capacity.js';
import { dynamicCap } from './assign/dynamicCap.js';
import { profileMatch } from './assign/profileMatch.js';
import { toPool } from './assign/toPool.js';
import { managerQueue } from './assign/managerQueue.js';
import { fallback } from './assign/fallback.js';
import { cascade } from './assign/cascade.js';
import { existingOwner } from './assign/existingOwner.js';
import { reclaimRule } from './reclaim/reclaimRule.js';
import { coFollow } from './split/coFollow.js';
import { credit } from './split/credit.js';
import { conflict } from './split/conflict.js';
import { override } from './split/override.js';
import { idleClaim } from './penalty/idleClaim.js';
import { hoarding } from './penalty/hoarding.js';
import { reward } from './penalty/reward.js';

export class NodeRegistry {
  private readonly specs = new Map<string, NodeSpec>();
  constructor(specs: NodeSpec[]) {
    for (const s of specs) {
      if (this.specs.has(s.kind)) throw new Error(`node kind registered twice: ${s.kind}`);
      this.specs.set(s.kind, s);
    }
  }
  get(kind: string): NodeSpec | undefined {
    return this.specs.get(kind);
  }
  list(): NodeSpec[] {
    return [...this.specs.values()];
  }
}

/** Every node kind the product ships; one import per file in this folder. */
export const defaultRegistry = new NodeRegistry([
  trigger,
  condition,
  switchNode,
  score,
  scoreModel,
  grade,
  notify,
  roundRobin,
  weightedRoundRobin,
  leastLoaded,
  capacity,
  dynamicCap,
  profileMatch,
  toPool,
  managerQueue,
  fallback,
  cascade,
  existingOwner,
  reclaimRule,
  coFollow,
  credit,
  conflict,
  override,
  idleClaim,
  hoarding,
  reward,
]);
