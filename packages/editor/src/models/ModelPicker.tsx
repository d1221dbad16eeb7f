import './models.css';
import { useTranslation } from 'react-i18next';
import { namespace } from './messages.js';
import type { ModelSummary } from './types.js';

interface Props {
  id: string;
  value: string | undefined;
  /** The tenant's models; null while not known (then no warning is given, the key stays as it is). */
  models: ModelSummary[] | null;
  disabled?: boolean;
  onChange(key: string | undefined): void;
}

/**
 * The `model` field of a score.model node: one of the tenant's models with its published version,
 * a link to the model's page, and a warning when the chosen model is missing or not published
 * (the decision would fail there, so it is said while editing, not at the first lead).
 */
export function ModelPicker({ id, value, models, disabled, onChange }: Props) {
  const { t } = useTranslation(namespace);
  const chosen = value ? models?.find((m) => m.key === value) : undefined;
  const warning =
    !value || models === null
      ? null
      : !chosen
        ? t('picker.missing', { key: value })
        : chosen.publishedVersion === null
          ? t('picker.notPublished', { key: value })
          : null;
  return (
    <div className="models-picker" data-model-picker>
      <select
        id={id}
        className="form-control"
        value={value ?? ''}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
      >
        <option value="">{t('picker.choose')}</option>
        {(models ?? []).map((m) => (
          <option key={m.key} value={m.key}>
            {m.publishedVersion !== null ? t('picker.published', { key: m.key, version: m.publishedVersion }) : t('picker.unpublished', { key: m.key })}
          </option>
        ))}
        {value && !chosen && <option value={value}>{value}</option>}
      </select>
      {models === null && value && <p className="muted">{t('picker.unknown')}</p>}
      {warning && (
        <p className="models-picker-warning" role="alert" data-model-warning>
          {warning}
        </p>
      )}
      {value && (
        // A new tab: the policy being edited may have unsaved changes.
        <a href={`/models/${encodeURIComponent(value)}`} target="_blank" rel="noopener" data-model-link>
          {t('picker.open')}
        </a>
      )}
    </div>
  );
}
