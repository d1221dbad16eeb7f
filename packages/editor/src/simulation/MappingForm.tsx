import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { namespace } from './messages.js';
import {
  ACTIVITY_COLUMNS,
  ATTRIBUTE_TYPES,
  DATE_ORDERS,
  DELIMITERS,
  ENCODINGS,
  fromMapping,
  knownColumns,
  LEAD_COLUMNS,
  type MappingFormState,
  OUTCOMES,
  toMapping,
} from './mappingForm.js';
import type { Mapping, Words } from './types.js';

interface Props {
  initial: Mapping;
  /** Every edit, as the mapping JSON: the page previews it as the user types. */
  onChange?: (mapping: Mapping) => void;
  onSave?: (mapping: Mapping) => void;
  saving?: boolean;
  /** A viewer reads the mapping but cannot change it. */
  readOnly?: boolean;
  notes?: Words[];
}

const DELIMITER_SHOWN: Record<string, string> = { '\t': 'Tab', ',': ',', ';': ';', '|': '|' };

/** The mapping file as a form: which column is what, how outcome values read, attributes and their types. */
export function MappingForm({ initial, onChange, onSave, saving = false, readOnly = false, notes }: Props) {
  const { t, i18n } = useTranslation(namespace);
  const lang = i18n.language?.startsWith('zh') ? 'zh' : 'en';
  const id = useId();
  const [state, setState] = useState<MappingFormState>(() => fromMapping(initial));
  useEffect(() => setState(fromMapping(initial)), [initial]);
  const suggestions = useMemo(() => knownColumns(initial), [initial]);

  const update = (next: MappingFormState) => {
    setState(next);
    onChange?.(toMapping(next));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSave?.(toMapping(state));
  };
  const listId = `${id}-columns`;

  return (
    <form className="sim-mapping" onSubmit={submit} aria-label={t('mapping.legend')} data-form="mapping">
      <datalist id={listId}>
        {suggestions.map((c) => (
          <option key={c} value={c} />
        ))}
      </datalist>
      {notes && notes.length > 0 && (
        <div className="sim-notes">
          <h4>{t('mapping.notes')}</h4>
          <ul>
            {notes.map((n, i) => (
              <li key={i}>{n[lang]}</li>
            ))}
          </ul>
        </div>
      )}
      <fieldset disabled={readOnly}>
        <legend>{t('mapping.legend')}</legend>
        <div className="sim-grid">
          <label className="field">
            <span>{t('mapping.timeZone')}</span>
            <input name="timeZone" value={state.timeZone} onChange={(e) => update({ ...state, timeZone: e.target.value })} />
          </label>
          <label className="field">
            <span>{t('mapping.encoding')}</span>
            <select name="encoding" value={state.encoding} onChange={(e) => update({ ...state, encoding: e.target.value })}>
              {ENCODINGS.map((v) => (
                <option key={v} value={v}>
                  {v === 'auto' ? t('mapping.auto') : v.toUpperCase()}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('mapping.delimiter')}</span>
            <select name="delimiter" value={state.delimiter} onChange={(e) => update({ ...state, delimiter: e.target.value })}>
              {DELIMITERS.map((v) => (
                <option key={v} value={v}>
                  {v === 'auto' ? t('mapping.auto') : DELIMITER_SHOWN[v]}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('mapping.dateOrder')}</span>
            <select name="dateOrder" value={state.dateOrder} onChange={(e) => update({ ...state, dateOrder: e.target.value })}>
              {DATE_ORDERS.map((v) => (
                <option key={v} value={v}>
                  {v === 'auto' ? t('mapping.auto') : t(`mapping.order.${v}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
      </fieldset>

      <fieldset disabled={readOnly}>
        <legend>{t('mapping.leadColumns')}</legend>
        <div className="sim-grid">
          {LEAD_COLUMNS.map((c) => (
            <label className="field" key={c}>
              <span>{t(`mapping.column.${c}`)}</span>
              <input
                name={`column.${c}`}
                list={listId}
                value={state.columns[c]}
                required={c === 'id' || c === 'createdAt'}
                onChange={(e) => update({ ...state, columns: { ...state.columns, [c]: e.target.value } })}
              />
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset disabled={readOnly}>
        <legend>{t('mapping.outcomeValues')}</legend>
        <div className="sim-grid">
          {OUTCOMES.map((o) => (
            <label className="field" key={o}>
              <span>{t(`mapping.outcome.${o}`)}</span>
              <input
                name={`outcome.${o}`}
                value={state.outcomes[o]}
                onChange={(e) => update({ ...state, outcomes: { ...state.outcomes, [o]: e.target.value } })}
              />
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset disabled={readOnly}>
        <legend>{t('mapping.attributes')}</legend>
        <table className="sim-table sim-attributes">
          <thead>
            <tr>
              <th scope="col">{t('mapping.attributeKey')}</th>
              <th scope="col">{t('mapping.attributeColumn')}</th>
              <th scope="col">{t('mapping.attributeType')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('mapping.removeAttribute', { key: '' })}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {state.attributes.map((row, i) => {
              const set = (patch: Partial<typeof row>) => update({ ...state, attributes: state.attributes.map((r, j) => (j === i ? { ...r, ...patch } : r)) });
              return (
                <tr key={i} data-attribute={row.key}>
                  <td>
                    <input aria-label={`${t('mapping.attributeKey')} ${i + 1}`} value={row.key} onChange={(e) => set({ key: e.target.value })} />
                  </td>
                  <td>
                    <input
                      aria-label={`${t('mapping.attributeColumn')} ${row.key}`}
                      list={listId}
                      value={row.column}
                      onChange={(e) => set({ column: e.target.value })}
                    />
                  </td>
                  <td>
                    <select
                      aria-label={`${t('mapping.attributeType')} ${row.key}`}
                      value={row.type}
                      onChange={(e) => set({ type: e.target.value as typeof row.type })}
                    >
                      {ATTRIBUTE_TYPES.map((ty) => (
                        <option key={ty} value={ty}>
                          {t(`mapping.type.${ty}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <button type="button" className="button" onClick={() => update({ ...state, attributes: state.attributes.filter((_, j) => j !== i) })}>
                      {t('mapping.removeAttribute', { key: row.key })}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <button
          type="button"
          className="button"
          onClick={() => update({ ...state, attributes: [...state.attributes, { key: '', column: '', type: 'string' }] })}
        >
          {t('mapping.addAttribute')}
        </button>
      </fieldset>

      {state.activities && (
        <fieldset disabled={readOnly}>
          <legend>{t('mapping.activityColumns')}</legend>
          <div className="sim-grid">
            {ACTIVITY_COLUMNS.map((c) => (
              <label className="field" key={c}>
                <span>{t(`mapping.activity.${c}`)}</span>
                <input
                  name={`activity.${c}`}
                  list={listId}
                  value={state.activities![c]}
                  onChange={(e) => update({ ...state, activities: { ...state.activities!, [c]: e.target.value } })}
                />
              </label>
            ))}
          </div>
        </fieldset>
      )}
      {!readOnly && (
        <button type="submit" className="button button-primary" disabled={saving} data-action="save-mapping">
          {saving ? t('mapping.saving') : t('mapping.save')}
        </button>
      )}
    </form>
  );
}
