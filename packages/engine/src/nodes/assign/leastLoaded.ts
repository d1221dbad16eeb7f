import { z } from 'zod';
import { candidateSelection, gatherCandidates, selectionProblems, type Candidate } from '../../assignment/candidates.js';
import { alreadyAssigned, settle, ASSIGNMENT_NODE, SELECTION_DEFAULTS } from '../../assignment/assign.js';
import { defineNode } from '../../types/nodeSpec.js';

/** Load balancing: the rep holding the fewest open leads; ties go to fewer received today, then rep id. */
export const leastLoaded = defineNode({
  kind: 'assign.leastLoaded',
  ...ASSIGNMENT_NODE,
  labels: { en: 'Least loaded', zh: '最少负载分配' },
  help: {
    en: 'Gives the lead to the available rep with the fewest open leads; on a tie, to the one who received fewer leads today.',
    zh: '分配给当前未结线索最少的可用销售；数量相同时，给今天收到线索更少的人。',
  },
  schema: z.strictObject({ ...candidateSelection }),
  defaults: { ...SELECTION_DEFAULTS },
  check: selectionProblems,
  execute: (ctx, config, _fired, nodeId) => {
    const done = alreadyAssigned(ctx, nodeId);
    if (done) return done;
    const gathered = gatherCandidates(ctx, config);
    let chosen: Candidate | undefined;
    // Eligible reps come in id order, so the first of equals wins the last tie.
    for (const c of gathered.eligible) {
      if (!chosen || c.load < chosen.load || (c.load === chosen.load && c.assignedToday < chosen.assignedToday)) chosen = c;
    }
    return settle(ctx, nodeId, 'leastLoaded', gathered, chosen);
  },
});
