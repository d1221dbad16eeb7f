import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { caseInDoc, caseNameHints, useCaseTools } from './caseRoster.js';
import { namespace } from './messages.js';

/**
 * Beside a failing case: the teams and reps it expects that the roster does not have or the policy
 * no longer names, each said in words, and buttons to edit the case (the JSON tab, at the case) or
 * delete it from the draft (after a confirmation). Nothing when there is no such name, or outside
 * the policy editor.
 */
export function CaseNameHints({ caseId, name, onDeleted }: { caseId: string; name: string; onDeleted?: () => void }) {
  const { t } = useTranslation(namespace);
  const tools = useCaseTools();
  const [confirming, setConfirming] = useState(false);
  // Asked to delete: focus goes to the safe answer (Keep), which the user just asked to see.
  const keep = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) keep.current?.focus();
  }, [confirming]);
  const found = tools ? caseInDoc(tools.doc, caseId) : undefined;
  if (!tools || !found) return null;
  const hints = caseNameHints(found.input, tools.doc, tools.roster);
  if (hints.length === 0) return null;
  return (
    <div className="case-hint" data-testid="case-hint" data-case={caseId}>
      {hints.map((h) => (
        <p key={`${h.kind}:${h.id}`} data-hint={`${h.kind}:${h.id}:${h.why}`}>
          {t(`hint.${h.kind}_${h.why}`, { id: h.id })}
        </p>
      ))}
      {confirming ? (
        <p role="alert">
          {t('hint.confirmDelete', { name })}{' '}
          <button
            type="button"
            className="danger"
            data-testid="case-delete-confirm"
            onClick={() => {
              tools.remove(caseId);
              setConfirming(false);
              onDeleted?.();
            }}
          >
            {t('hint.confirm')}
          </button>{' '}
          <button type="button" onClick={() => setConfirming(false)} data-testid="case-delete-keep" ref={keep}>
            {t('hint.keep')}
          </button>
        </p>
      ) : (
        <p>
          <button type="button" onClick={() => tools.edit(caseId)} data-testid="case-edit">
            {t('hint.edit')}
          </button>{' '}
          <button type="button" onClick={() => setConfirming(true)} data-testid="case-delete">
            {t('hint.delete')}
          </button>
        </p>
      )}
    </div>
  );
}
