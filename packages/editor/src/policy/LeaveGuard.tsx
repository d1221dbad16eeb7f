import { type KeyboardEvent, type SyntheticEvent, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Blocker, type BlockerFunction, useBlocker } from 'react-router';
import { SIGN_OUT_PATH } from '../app/session';
import './leave.css';

/** Saves the draft; resolves to null once saved, or to the error to show. */
export type SaveForLeave = () => Promise<string | null>;

/**
 * Keeps unsaved edits from being lost on the way out of the policy editor. While `dirty`:
 * - leaving for another screen inside the app (menu, any link, the browser's back and forward,
 *   signing out: the header's button goes to SIGN_OUT_PATH, which signs out only once reached)
 *   waits for the user's answer in an in-app dialog: save and leave, leave without saving, or stay;
 * - closing or reloading the tab gets the browser's own prompt (the only one a page may show then).
 * A change of the query string only (same policy, same editor, edits kept) is never held up.
 * Needs a data router (createBrowserRouter in the app; createMemoryRouter in tests).
 */
export function LeaveGuard({ dirty, name, save, jsonBroken = false }: { dirty: boolean; name: string; save: SaveForLeave; jsonBroken?: boolean }) {
  const shouldBlock = useCallback<BlockerFunction>(({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname, [dirty]);
  const blocker = useBlocker(shouldBlock);

  useEffect(() => {
    if (!dirty) return;
    const ask = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      // Older browsers only ask when returnValue is set.
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [dirty]);

  return blocker.state === 'blocked' ? <LeaveDialog blocker={blocker} name={name} save={save} jsonBroken={jsonBroken} /> : null;
}

function LeaveDialog({ blocker, name, save, jsonBroken }: { blocker: Blocker; name: string; save: SaveForLeave; jsonBroken: boolean }) {
  const { t } = useTranslation('policy');
  // Signing out is leaving too: the answers say so.
  const signingOut = blocker.location?.pathname === SIGN_OUT_PATH;
  const dialog = useRef<HTMLDialogElement>(null);
  const stayButton = useRef<HTMLButtonElement>(null);
  // Where focus was (the link that was followed), to give it back when the user stays.
  const opener = useRef<Element | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    opener.current = document.activeElement;
    const d = dialog.current;
    // Modal: the page behind is inert and focus stays in the dialog.
    if (d && !d.open) d.showModal();
    stayButton.current?.focus();
  }, []);
  // A failed save leaves the choice open again, from the safe answer.
  useEffect(() => {
    if (error !== null) stayButton.current?.focus();
  }, [error]);

  const stay = () => {
    if (blocker.state !== 'blocked' || saving) return;
    blocker.reset();
    if (opener.current instanceof HTMLElement && opener.current.isConnected) opener.current.focus();
  };
  const discard = () => {
    if (blocker.state === 'blocked' && !saving) blocker.proceed();
  };
  const saveAndLeave = async () => {
    if (blocker.state !== 'blocked' || saving) return;
    setSaving(true);
    setError(null);
    const failed = await save();
    if (failed === null) {
      blocker.proceed();
      return;
    }
    setSaving(false);
    setError(failed);
  };
  // Keys pressed in the dialog are the dialog's: the editor's shortcuts around it (Ctrl+S, Ctrl+Z…)
  // do not act behind it. Escape means stay; the browser's own Escape (the cancel event) too.
  const onKeyDown = (e: KeyboardEvent) => {
    e.stopPropagation();
    if (e.key !== 'Escape') return;
    e.preventDefault();
    stay();
  };
  const onCancel = (e: SyntheticEvent) => {
    e.preventDefault();
    stay();
  };

  return (
    <dialog
      ref={dialog}
      role="alertdialog"
      className="leave-dialog"
      aria-labelledby="leave-dialog-title"
      aria-describedby="leave-dialog-body"
      aria-busy={saving}
      onKeyDown={onKeyDown}
      onCancel={onCancel}
      data-testid="leave-dialog"
    >
      <h2 id="leave-dialog-title">{t('leave.title')}</h2>
      <p id="leave-dialog-body">
        {t('leave.body', { name })}
        {jsonBroken && (
          <>
            {' '}
            <span data-testid="leave-json-broken">{t('leave.jsonBroken')}</span>
          </>
        )}
      </p>
      {error !== null && (
        <p role="alert" className="leave-dialog-error" data-testid="leave-error">
          {t('leave.saveFailed', { error })}
        </p>
      )}
      <div className="leave-dialog-actions">
        <button type="button" className="button button-primary" onClick={() => void saveAndLeave()} disabled={saving} data-testid="leave-save">
          {saving ? t('leave.saving') : signingOut ? t('leave.saveSignOut') : t('leave.save')}
        </button>
        <button type="button" className="button button-danger" onClick={discard} disabled={saving} data-testid="leave-discard">
          {signingOut ? t('leave.discardSignOut') : t('leave.discard')}
        </button>
        <button type="button" className="button" ref={stayButton} onClick={stay} disabled={saving} data-testid="leave-stay">
          {t('leave.stay')}
        </button>
      </div>
    </dialog>
  );
}
