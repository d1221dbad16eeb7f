import { compilePolicy, decide, eventSchema, InMemoryState, type PolicyDocumentInput, type StateSnapshotInput } from '@sluice/engine';
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import s03State from '../../../../examples/states/s03-team.json';
import { makeFormatter } from '../format/format.js';
import { setLanguage } from '../i18n/index.js';
import fixture from '../models/fixtures/version.json';
import { Explanation } from './Explanation.js';

// A real smart-score decision: the engine's score.model node with the model trained on the marketing
// export (the Models page's fixture, version 0: never stored), a lead from a referral that filled the lead form.
const policy = {
  key: 'smart',
  kind: 'scoring',
  name: 'Smart score',
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { events: ['lead.created'] } },
    { id: 'smart', type: 'score.model', position: { x: 0, y: 100 }, data: { model: 'marketing-win', explainTop: 3 } },
  ],
  edges: [{ id: 'e1', source: 'start', target: 'smart' }],
};
const compiled = compilePolicy(policy as PolicyDocumentInput);
if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
const state = InMemoryState.from({ ...s03State, models: [fixture.model] } as unknown as StateSnapshotInput);
const event = eventSchema.parse({
  id: 'e-1',
  type: 'lead.created',
  at: '2026-10-01T02:00:00Z',
  lead: { id: 'L-1', leadSource: 'Reference', leadOrigin: 'Lead Add Form', occupation: 'Working Professional', totalVisits: 4 },
});
const decision = { ...decide(compiled.policy, event, state, event.at), decisionId: 'd-1' };

afterEach(cleanup);

describe('explanation of a smart score', () => {
  it('lists the features that pushed the score as a table, not as JSON', () => {
    setLanguage('en');
    render(<Explanation decision={decision} format={makeFormatter('en', 'Asia/Shanghai')} />);
    const table = screen.getByRole('table', { name: 'Features that moved the smart score (points against an average lead)' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    const origin = rows.find((r) => r.getAttribute('data-feature') === 'leadOrigin')!;
    const cells = within(origin)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(cells[0]).toBe('Lead Origin');
    expect(cells[1]).toBe('Lead Add Form');
    expect(cells[2]).toMatch(/^\+\d+(\.\d)?$/);
    // The detail list no longer repeats the pushes as a line of JSON.
    expect(document.body.textContent).not.toContain('"points":');
    expect(screen.getByText(/^smart score \d+(\.\d)? \(model marketing-win v0\): /)).toBeInstanceOf(HTMLElement);
  });

  it('says it in Chinese', () => {
    setLanguage('zh');
    render(<Explanation decision={decision} format={makeFormatter('zh', 'Asia/Shanghai')} />);
    const table = screen.getByRole('table', { name: '影响智能评分的特征（相对于一般线索的分值）' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['特征', '本线索取值', '分值']);
  });
});
