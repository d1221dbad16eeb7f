import { type PolicyDocument, type PolicyTestRun, runPolicyTests } from '@sluice/engine';
import s06 from '../../../../examples/policies/s06-round-robin.json';

/** The round-robin example with its four cases: every case passes. */
export const passingDoc = s06 as unknown as PolicyDocument;

const withRoundRobin = (data: object): PolicyDocument => ({
  ...passingDoc,
  nodes: passingDoc.nodes.map((n) => (n.id === 'rr' ? { ...n, data } : n)),
});

/** No cooling-off: a reclaimed lead may go straight back to its last owner, so "cooling-after-reclaim" fails (ae-1, not ae-2). */
export const noCoolingDoc = withRoundRobin({ teams: ['ae'], coolingDays: 0 });

/** The SDR team joins the rotation: three cases fail (sdr-1 takes leads), cooling-after-reclaim passes again. */
export const withSdrDoc = withRoundRobin({ teams: ['ae', 'sdr'], coolingDays: 7 });

/** What the server's tests/run answers: the engine's runner on the document (the server runs the same). */
export const reportOf = (doc: PolicyDocument): PolicyTestRun => runPolicyTests(doc);
