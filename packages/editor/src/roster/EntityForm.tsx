import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/client.js';
import { errorText } from '../decisions/useLoad.js';
import { englishHalf } from '../format/bilingual.js';
import { useFormat } from '../format/useFormat.js';
import { timeZoneNames } from '../format/timeZones.js';
import type { Bilingual } from './cells.js';
import { COLUMNS, type Column, type EntityName } from './columns.js';
import { namespace } from './messages.js';
import { editText, formToItem } from './values.js';

interface Props {
  entity: EntityName;
  /** The record to edit; undefined for a new one. */
  record: Record<string, unknown> | undefined;
  onSaved(id: string): void;
  onClose(): void;
}

/** One record's fields, each in the same text syntax the paste reads; the server's errors land on their field. */
export function EntityForm({ entity, record, onSaved, onClose }: Props) {
  const { t } = useTranslation(namespace);
  const format = useFormat();
  const lang = format.lang;
  const columns = COLUMNS[entity];
  const [texts, setTexts] = useState<Record<string, string>>(() => Object.fromEntries(columns.map((c) => [c.field, editText(c, record?.[c.field], lang)])));
  const [errors, setErrors] = useState<Record<string, Bilingual>>({});
  const [other, setOther] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const entityName = t(`entity.${entity}`);
  const isNew = record === undefined;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const { item, errors: local } = formToItem(columns, record ?? {}, texts, format.timeZone, lang);
    setErrors(local);
    setOther(null);
    if (Object.keys(local).length > 0) return;
    const id = String(item.id ?? '');
    setSaving(true);
    try {
      await api('PUT', `/v1/${entity}/${encodeURIComponent(id)}`, item);
      onSaved(id);
    } catch (err) {
      if (err instanceof ApiError && err.errors.length > 0) {
        const byField: Record<string, Bilingual> = {};
        const rest: string[] = [];
        for (const fe of err.errors) {
          const field = /^\$\.([A-Za-z]+)/.exec(fe.path)?.[1];
          const message = { en: englishHalf(fe.message), zh: fe.messageZh ?? fe.message };
          if (field && columns.some((c) => c.field === field)) byField[field] = message;
          else rest.push(`${fe.path}: ${message[lang]}`);
        }
        setErrors(byField);
        setOther(rest.length > 0 ? rest.join(' · ') : null);
      } else {
        setOther(errorText(err, lang));
      }
    } finally {
      setSaving(false);
    }
  };

  const help = (c: Column): string | undefined =>
    c.kind === 'shifts'
      ? t('form.shiftsHelp')
      : c.kind === 'list'
        ? t('form.listHelp')
        : c.kind === 'json'
          ? t('form.jsonHelp')
          : c.kind === 'zone'
            ? t('form.zoneHelp')
            : c.kind === 'instant'
              ? t('form.instantHelp')
              : undefined;

  return (
    <form className="entity-form" onSubmit={(e) => void submit(e)} aria-labelledby="entity-form-heading" noValidate>
      <h2 id="entity-form-heading">
        {isNew ? t('form.newHeading', { entity: entityName }) : t('form.heading', { entity: entityName, id: String(record.id) })}
      </h2>
      <div className="fields">
        {columns.map((c) => {
          const id = `f-${entity}-${c.field}`;
          const err = errors[c.field];
          const hint = help(c);
          const described = [hint ? `${id}-help` : '', err ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
          return (
            <div key={c.field} className={`field${err ? ' has-error' : ''}${c.kind === 'json' || c.kind === 'shifts' ? ' wide' : ''}`}>
              <label htmlFor={id}>
                {c.label[lang]} <span className="muted small">{c.field}</span>
              </label>
              {c.kind === 'bool' ? (
                <select
                  id={id}
                  name={c.field}
                  value={texts[c.field]}
                  onChange={(e) => setTexts({ ...texts, [c.field]: e.target.value })}
                  aria-describedby={described}
                  aria-invalid={err ? true : undefined}
                >
                  <option value="">—</option>
                  <option value="true">{t('yes')}</option>
                  <option value="false">{t('no')}</option>
                </select>
              ) : (
                <input
                  id={id}
                  name={c.field}
                  value={texts[c.field]}
                  readOnly={c.field === 'id' && !isNew}
                  required={c.required}
                  list={c.kind === 'zone' ? 'roster-zones' : undefined}
                  inputMode={c.kind === 'int' || c.kind === 'number' ? 'decimal' : undefined}
                  autoComplete="off"
                  onChange={(e) => setTexts({ ...texts, [c.field]: e.target.value })}
                  aria-describedby={described}
                  aria-invalid={err ? true : undefined}
                />
              )}
              {hint && (
                <small id={`${id}-help`} className="muted">
                  {hint}
                </small>
              )}
              {err && (
                <small id={`${id}-error`} className="error-text" role="alert">
                  {err[lang]}
                </small>
              )}
            </div>
          );
        })}
      </div>
      <datalist id="roster-zones">
        {timeZoneNames().map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      {other && (
        <p className="error-text" role="alert">
          {t('form.problems')} {other}
        </p>
      )}
      <div className="buttons">
        <button type="submit" className="button button-primary" disabled={saving}>
          {saving ? t('saving') : t('save')}
        </button>
        <button type="button" className="button" onClick={onClose}>
          {t('form.close')}
        </button>
      </div>
    </form>
  );
}
