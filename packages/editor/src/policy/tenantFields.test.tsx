import { cleanup, fireEvent, render } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { i18next } from '../i18n/index';
import { Inspector } from './Inspector';
import { EMPTY_VALUES } from './tenantValues';

afterEach(cleanup);

const values = {
  ...EMPTY_VALUES,
  facts: ['lead.industry', 'lead.sector', 'lead.province'],
  calendars: ['cn-2026', 'us-2026'],
};
const offered = (container: HTMLElement, id: string) =>
  [...container.querySelectorAll(`datalist[id="${id}-values"] option`)].map((o) => o.getAttribute('value'));

describe('inspector fields that name tenant things offer their real values', () => {
  it("profile match's lead fields offer the tenant's lead fields", async () => {
    await i18next.changeLanguage('en');
    const onChange = vi.fn();
    const node = { id: 'pm', type: 'assign.profileMatch', position: { x: 0, y: 0 }, data: { teams: ['ae'] } };
    const { container } = render(<Inspector node={node} problems={[]} values={values} onChange={onChange} />);
    for (const part of ['industry', 'language', 'region', 'product', 'needs']) {
      expect(container.querySelector(`#root_facts_${part}`)?.getAttribute('list'), part).toBe(`root_facts_${part}-values`);
      expect(offered(container, `root_facts_${part}`), part).toEqual(['lead.industry', 'lead.sector', 'lead.province']);
    }
    fireEvent.change(container.querySelector('#root_facts_industry')!, { target: { value: 'lead.sector' } });
    expect(onChange.mock.calls.at(-1)![1].facts.industry).toBe('lead.sector');
  });

  it("a working-day calendar offers the tenant's calendars, and nothing (no failure) before they are known", async () => {
    await i18next.changeLanguage('zh');
    const node = { id: 'rr', type: 'assign.roundRobin', position: { x: 0, y: 0 }, data: { teams: ['ae'] } };
    const known = render(<Inspector node={node} problems={[]} values={values} onChange={() => {}} />);
    expect(offered(known.container, 'root_calendar')).toEqual(['cn-2026', 'us-2026']);
    known.unmount();
    const unknown = render(<Inspector node={node} problems={[]} values={{ ...values, calendars: null }} onChange={() => {}} />);
    expect(unknown.container.querySelector('#root_calendar')?.getAttribute('list')).toBe('root_calendar-values');
    expect(offered(unknown.container, 'root_calendar')).toEqual([]);
  });
});
