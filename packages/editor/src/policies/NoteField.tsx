import { useTranslation } from 'react-i18next';
import { namespace } from './messages.js';

/** A change note counts once it says something: blank or spaces only is no note (the server keeps it trimmed). */
export const noteGiven = (note: string): boolean => note.trim() !== '';

interface Props {
  value: string;
  onChange(note: string): void;
  /** `publish-note`, `rollback-note`, `withdraw-note`: what tests and the e2e harness find it by. */
  testId: string;
  disabled?: boolean;
  /** For a form that opens to ask for the note (rollback, withdraw). */
  autoFocus?: boolean;
}

/**
 * The change note every versions action asks for — publish, roll back, withdraw: the same label,
 * the same hint that it is required, the same size, and the same rule for when it is given (noteGiven).
 */
export function NoteField({ value, onChange, testId, disabled, autoFocus }: Props) {
  const { t } = useTranslation(namespace);
  return (
    <label className="field">
      {t('versions.note')}
      <textarea
        value={value}
        onChange={(e) => onChange(e.target.value)}
        rows={2}
        aria-required="true"
        placeholder={t('versions.notePlaceholder')}
        disabled={disabled}
        // biome-ignore lint/a11y/noAutofocus: the form opened to ask for this note
        autoFocus={autoFocus}
        data-testid={testId}
      />
    </label>
  );
}
