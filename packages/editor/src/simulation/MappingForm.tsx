import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { namespace } from './messages.js';
import {
  ACTIVITY_COLUMNS,
  ATTRIBUTE_TYPES,
  type ColumnProblem,
  columnProblems,
  DATE_ORDERS,
  DECIMAL_MARKS,
  DELIMITERS,
  ENCODINGS,
  fromMapping,
  knownColumns,
  LEAD_COLUMNS,
  type MappingFormState,
  OUTCOMES,
  ROSTER_COLUMNS,
  STAGE_COLUMNS,
  toMapping,
} from './mappingForm.js';
import type { FileColumns, Mapping, Words } from './types.js';

interface Props {
  initial: Mapping;
  /** Every edit, as the mapping JSON: the page previews it as the user types. */
  onChange?: (mapping: Mapping) => void;
  onSave?: (mapping: Mapping) => void;
  saving?: boolean;
  /** A viewer reads the mapping but cannot change it. */
  readOnly?: boolean;
  notes?: Words[];
  /**
   * Each uploaded file's columns (its header line): a column field is then a choice among them, and
   * a value the file lacks is marked at its field and keeps the mapping from being saved. Without
   * them (not read yet, JSON Lines) the fields are free text with suggestions.
   */
  columns?: FileColumns;
}

const DELIMITER_SHOWN: Record<string, string> = { '\t': 'Tab', ',': ',', ';': ';', '|': '|' };

/** The other files' columns, each shown when the dataset has that file (its section is in the mapping). */
const OTHER_FILES: ReadonlyArray<{
  section: 'activities' | 'stages' | 'roster';
  legend: string;
  group: TextFieldsProps<string>['group'];
  keys: readonly string[];
  required: readonly string[];
}> = [
  { section: 'activities', legend: 'mapping.activityColumns', group: 'activity', keys: ACTIVITY_COLUMNS, required: [] },
  { section: 'stages', legend: 'mapping.stageColumns', group: 'stage', keys: STAGE_COLUMNS, required: ['leadId', 'at', 'stage'] },
  { section: 'roster', legend: 'mapping.rosterColumns', group: 'roster', keys: ROSTER_COLUMNS, required: ['id'] },
];

/** The mapping file as a form: which column is what, how outcome values read, attributes and their types. */
export function MappingForm({ initial, onChange, onSave, saving = false, readOnly = false, notes, columns }: Props) {
  const { t, i18n } = useTranslation(namespace);
  const lang = i18n.language?.startsWith('zh') ? 'zh' : 'en';
  const id = useId();
  const [state, setState] = useState<MappingFormState>(() => fromMapping(initial));
  useEffect(() => setState(fromMapping(initial)), [initial]);
  const suggestions = useMemo(() => knownColumns(initial), [initial]);
  const problems = useMemo(() => columnProblems(state, columns), [state, columns]);
  const problemAt = useMemo(() => new Map(problems.map((p) => [p.field, p])), [problems]);

  const update = (next: MappingFormState) => {
    setState(next);
    onChange?.(toMapping(next));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (problems.length === 0) onSave?.(toMapping(state));
  };
  const listId = `${id}-columns`;
  /** How the files are read: each a choice whose first option, `auto`, lets the import detect it. */
  const choice = (field: 'encoding' | 'delimiter' | 'dateOrder' | 'decimalMark', options: readonly string[], shown: (value: string) => string) => (
    <label className="field">
      <span>{t(`mapping.${field}`)}</span>
      <select name={field} value={state[field]} onChange={(e) => update({ ...state, [field]: e.target.value })}>
        {options.map((v) => (
          <option key={v} value={v}>
            {v === 'auto' ? t('mapping.auto') : shown(v)}
          </option>
        ))}
      </select>
    </label>
  );

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
          {choice('encoding', ENCODINGS, (v) => v.toUpperCase())}
          {choice('delimiter', DELIMITERS, (v) => DELIMITER_SHOWN[v] ?? v)}
          {choice('dateOrder', DATE_ORDERS, (v) => t(`mapping.order.${v}`))}
          {choice('decimalMark', DECIMAL_MARKS, (v) => t(v === '.' ? 'mapping.mark.dot' : 'mapping.mark.comma'))}
        </div>
      </fieldset>

      <TextFields
        legend={t('mapping.leadColumns')}
        group="column"
        keys={LEAD_COLUMNS}
        values={state.columns}
        required={['id', 'createdAt']}
        list={listId}
        headers={columns?.leads}
        problems={problemAt}
        readOnly={readOnly}
        onChange={(columns) => update({ ...state, columns })}
      />
      <TextFields
        legend={t('mapping.outcomeValues')}
        group="outcome"
        keys={OUTCOMES}
        values={state.outcomes}
        readOnly={readOnly}
        onChange={(outcomes) => update({ ...state, outcomes })}
      />

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
                    <ColumnChoice
                      name={`attribute.${i}`}
                      aria-label={`${t('mapping.attributeColumn')} ${row.key}`}
                      list={listId}
                      headers={columns?.leads}
                      problem={problemAt.get(`attribute.${i}`)}
                      value={row.column}
                      onChange={(column) => set({ column })}
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

      {OTHER_FILES.map(({ section, legend, group, keys, required }) => {
        const values = state[section];
        return (
          values && (
            <TextFields
              key={section}
              legend={t(legend)}
              group={group}
              keys={keys}
              values={values as Record<string, string>}
              required={required}
              list={listId}
              headers={columns?.[section]}
              problems={problemAt}
              readOnly={readOnly}
              onChange={(next) => update({ ...state, [section]: next })}
            />
          )
        );
      })}
      {!readOnly && problems.length > 0 && (
        <p className="error-text" role="status" data-testid="mapping-column-problems">
          {t('mapping.fixColumns', { count: problems.length })}
        </p>
      )}
      {!readOnly && (
        <button type="submit" className="button button-primary" disabled={saving || problems.length > 0} data-action="save-mapping">
          {saving ? t('mapping.saving') : t('mapping.save')}
        </button>
      )}
    </form>
  );
}

interface TextFieldsProps<K extends string> {
  legend: string;
  /** The fields' group: their names are `group.key`, their labels the messages `mapping.group.key`. */
  group: 'column' | 'outcome' | 'activity' | 'stage' | 'roster';
  keys: readonly K[];
  values: Record<K, string>;
  required?: readonly K[];
  /** The datalist of the files' column names, for fields that name a column. */
  list?: string;
  /** For fields that name a column: the file's columns (a choice among them), when known. */
  headers?: readonly string[] | null | undefined;
  /** The column fields naming a column the file lacks, by field name. */
  problems?: ReadonlyMap<string, ColumnProblem>;
  readOnly: boolean;
  onChange: (values: Record<K, string>) => void;
}

/** One field per key of a record: the lead columns, the outcome values and the other files' columns read alike. */
function TextFields<K extends string>({ legend, group, keys, values, required = [], list, headers, problems, readOnly, onChange }: TextFieldsProps<K>) {
  const { t } = useTranslation(namespace);
  const fieldId = useId();
  return (
    <fieldset disabled={readOnly}>
      <legend>{legend}</legend>
      <div className="sim-grid">
        {keys.map((k) =>
          list ? (
            <div className="field sim-column" key={k}>
              <label htmlFor={`${fieldId}-${k}`}>{t(`mapping.${group}.${k}`)}</label>
              <ColumnChoice
                id={`${fieldId}-${k}`}
                name={`${group}.${k}`}
                list={list}
                headers={headers}
                problem={problems?.get(`${group}.${k}`)}
                value={values[k]}
                required={required.includes(k)}
                onChange={(v) => onChange({ ...values, [k]: v })}
              />
            </div>
          ) : (
            <label className="field" key={k}>
              <span>{t(`mapping.${group}.${k}`)}</span>
              <input name={`${group}.${k}`} value={values[k]} required={required.includes(k)} onChange={(e) => onChange({ ...values, [k]: e.target.value })} />
            </label>
          ),
        )}
      </div>
    </fieldset>
  );
}

interface ColumnChoiceProps {
  id?: string;
  name: string;
  'aria-label'?: string;
  value: string;
  required?: boolean;
  /** The file's columns: the field is a choice among them (and "not mapped"); unknown, it is free text with suggestions. */
  headers: readonly string[] | null | undefined;
  list: string;
  problem: ColumnProblem | undefined;
  onChange: (value: string) => void;
}

/**
 * A field naming a column of a file. Its choices are the file's own columns, and it can be cleared;
 * a value the file lacks (from a mapping file, or written for another export) stays shown as it is,
 * marked at the field with the columns there are.
 */
function ColumnChoice({ id, name, value, required, headers, list, problem, onChange, ...rest }: ColumnChoiceProps) {
  const { t, i18n } = useTranslation(namespace);
  const zh = i18n.language?.startsWith('zh');
  const problemId = useId();
  const invalid = problem ? { 'aria-invalid': true as const, 'aria-describedby': problemId } : {};
  const chosen = value.trim();
  const control = headers ? (
    <select id={id} name={name} aria-label={rest['aria-label']} value={chosen} required={required} onChange={(e) => onChange(e.target.value)} {...invalid}>
      <option value="">{t('mapping.noColumn')}</option>
      {chosen !== '' && !headers.includes(chosen) && <option value={chosen}>{t('mapping.notInFile', { column: chosen })}</option>}
      {headers.map((h, i) => (
        // A header may name two columns alike: the import reads the first.
        <option key={`${i}:${h}`} value={h}>
          {h}
        </option>
      ))}
    </select>
  ) : (
    <input id={id} name={name} aria-label={rest['aria-label']} list={list} value={value} required={required} onChange={(e) => onChange(e.target.value)} />
  );
  return (
    <>
      {control}
      {problem && (
        <span id={problemId} className="error-text sim-column-problem" data-column-problem={name}>
          {t('mapping.noSuchColumn', {
            column: problem.column,
            file: t(`preview.files.${problem.file}`),
            columns: problem.columns.join(zh ? '、' : ', '),
          })}
        </span>
      )}
    </>
  );
}
