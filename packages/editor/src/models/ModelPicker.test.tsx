import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { i18next } from '../i18n/index';
import { Inspector } from '../policy/Inspector';
import { EMPTY_VALUES } from '../policy/tenantValues';
import type { ModelSummary } from './types';

afterEach(cleanup);

const models: ModelSummary[] = [
  { key: 'marketing-win', name: { en: 'Marketing win', zh: '市场赢单' }, publishedVersion: 3, latestVersion: 4 },
  { key: 'draft-only', name: null, publishedVersion: null, latestVersion: 1 },
];
const node = (model?: string) => ({
  id: 'smart',
  type: 'score.model',
  position: { x: 0, y: 0 },
  data: { ...(model ? { model } : {}), output: 'score100', writeTo: 'smartScore', addToScore: false, explainTop: 3 },
});
const values = { ...EMPTY_VALUES, models };

describe('score.model inspector: the model picker', () => {
  it("offers the tenant's models with their published version and writes the chosen key into the node", async () => {
    await i18next.changeLanguage('en');
    const onChange = vi.fn();
    const { container } = render(<Inspector node={node()} problems={[]} values={values} onChange={onChange} />);
    expect(screen.getByRole('heading', { name: 'Smart score' })).toBeTruthy();
    const select = container.querySelector<HTMLSelectElement>('#root_model')!;
    expect([...select.options].map((o) => o.textContent)).toEqual(['(choose a model)', 'marketing-win — published v3', 'draft-only — not published']);
    fireEvent.change(select, { target: { value: 'marketing-win' } });
    expect(onChange.mock.calls.at(-1)![1]).toMatchObject({ model: 'marketing-win', writeTo: 'smartScore' });
  });

  it('links the chosen model and gives no warning when it is published', async () => {
    await i18next.changeLanguage('en');
    const { container } = render(<Inspector node={node('marketing-win')} problems={[]} values={values} onChange={() => {}} />);
    expect(container.querySelector('[data-model-link]')!.getAttribute('href')).toBe('/models/marketing-win');
    expect(container.querySelector('[data-model-warning]')).toBeNull();
  });

  it('warns, in Chinese too, when the model is not published or does not exist', async () => {
    await i18next.changeLanguage('zh');
    const draft = render(<Inspector node={node('draft-only')} problems={[]} values={values} onChange={() => {}} />);
    expect(draft.container.querySelector('[data-model-warning]')!.textContent).toBe('模型“draft-only”还没有已发布的版本：在发布之前，决策会失败。');
    cleanup();
    await i18next.changeLanguage('en');
    const gone = render(<Inspector node={node('old-model')} problems={[]} values={values} onChange={() => {}} />);
    expect(gone.container.querySelector('[data-model-warning]')!.textContent).toBe(
      'There is no model "old-model" in this tenant: decisions will fail until one is trained and published.',
    );
    // The key typed before stays selected, so nothing is lost silently.
    expect(gone.container.querySelector<HTMLSelectElement>('#root_model')!.value).toBe('old-model');
  });

  it('says nothing is wrong while the models are not known yet', async () => {
    await i18next.changeLanguage('en');
    const { container } = render(<Inspector node={node('marketing-win')} problems={[]} values={EMPTY_VALUES} onChange={() => {}} />);
    expect(container.querySelector('[data-model-warning]')).toBeNull();
    expect(screen.getByText("The tenant's models are not known (yet); the key is kept as typed.")).toBeTruthy();
  });
});
