import type { FieldProps } from '@rjsf/utils';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { durationShape, optionLabel } from './schemaForm';
import { useLang } from './useLang';

type Duration = number | { value: number; unit: string };

/** The amount and unit a stored duration says: a plain number is whole days. */
export function durationValue(v: unknown): { value: number | undefined; unit: string } {
  if (typeof v === 'number') return { value: v, unit: 'days' };
  if (v !== null && typeof v === 'object') {
    const d = v as { value?: unknown; unit?: unknown };
    return { value: typeof d.value === 'number' ? d.value : undefined, unit: typeof d.unit === 'string' ? d.unit : 'days' };
  }
  return { value: undefined, unit: 'days' };
}

/** What the document stores for an amount and unit: whole days as a plain number (as every older policy has it), else { value, unit }. */
export function durationOf(value: number | undefined, unit: string): Duration | undefined {
  if (value === undefined) return undefined;
  return unit === 'days' ? value : { value, unit };
}

/**
 * A duration (how long a rule waits) as one number and one unit list in words — "7 自然日",
 * "4 小时" — instead of rjsf's picker between "number of days" and a nested amount-and-unit object.
 * An empty amount removes the setting.
 */
export function DurationField(props: FieldProps) {
  const { formData, onChange, fieldPathId, schema, name, disabled, readonly } = props;
  const { t } = useTranslation('policy');
  const lang = useLang();
  const shape = durationShape(schema);
  const stored = durationValue(formData);
  // A unit picked before any amount is typed waits here: nothing is stored until there is an amount.
  const [pendingUnit, setPendingUnit] = useState<string | undefined>(undefined);
  const value = stored.value;
  const unit = value === undefined ? (pendingUnit ?? stored.unit) : stored.unit;
  const id = fieldPathId.$id;
  const units = shape?.units ?? ['days'];
  const set = (v: number | undefined, u: string) => {
    setPendingUnit(u);
    onChange(durationOf(v, u), fieldPathId.path);
  };
  return (
    <div className="duration-field" data-testid={`duration-${name}`}>
      <label className="control-label" htmlFor={id}>
        {schema.title ?? name}
      </label>
      {schema.description && (
        <p className="field-description" id={`${id}__description`}>
          {schema.description}
        </p>
      )}
      <div className="duration-inputs">
        <input
          id={id}
          type="number"
          className="form-control"
          step={1}
          min={shape?.min}
          value={value ?? ''}
          disabled={disabled}
          readOnly={readonly}
          aria-describedby={schema.description ? `${id}__description` : undefined}
          onChange={(e) => {
            const n = e.target.value === '' ? undefined : Number(e.target.value);
            set(n === undefined || Number.isNaN(n) ? undefined : n, unit);
          }}
        />
        <select
          id={`${id}__unit`}
          className="form-control"
          aria-label={t('inspector.durationUnit')}
          value={unit}
          disabled={disabled || readonly}
          onChange={(e) => set(value, e.target.value)}
        >
          {units.map((u) => (
            <option key={u} value={u}>
              {optionLabel(shape?.unitSchema, u, lang)}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
