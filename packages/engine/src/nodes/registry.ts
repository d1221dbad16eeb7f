import type { NodeSpec } from './spec.js';
import { trigger } from './trigger.js';
import { condition } from './condition.js';
import { switchNode } from './switch.js';
import { score } from './score.js';
import { grade } from './grade.js';
import { notify } from './notify.js';
import { roundRobin } from './assign/roundRobin.js';

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
export const defaultRegistry = new NodeRegistry([trigger, condition, switchNode, score, grade, notify, roundRobin]);
