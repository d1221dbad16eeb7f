import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useLang } from '../policy/useLang.js';
import { problemText, type TestCase } from './api.js';
import { namespace } from './messages.js';
import './policyTests.css';

interface Props {
  policyKey: string;
  /** Asks the server for the case (added to the policy's draft); `name` in the reader's language, if typed. */
  save(name: { en?: string; zh?: string } | undefined): Promise<TestCase>;
  onSaved?(c: TestCase): void;
  /** Offers a link to the policy's Tests tab (from outside the editor). */
  linkToTests?: boolean;
  disabled?: boolean;
}

/** "Save as test case": an optional name, then the case is appended to the draft and named back. */
export function SaveAsCase({ policyKey, save, onSaved, linkToTests, disabled }: Props) {
  const { t } = useTranslation(namespace);
  const lang = useLang();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<TestCase | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const c = await save(name.trim() ? { [lang]: name.trim() } : undefined);
      setDone(c);
      setOpen(false);
      setName('');
      onSaved?.(c);
    } catch (err) {
      setProblem(problemText(err, lang === 'zh'));
    } finally {
      setBusy(false);
    }
  }

  const caseName = done ? (done.name as { en?: string; zh?: string } | undefined)?.[lang] || done.id : '';
  return (
    <div className="save-as-case">
      {!open && (
        <button type="button" onClick={() => setOpen(true)} disabled={disabled} data-testid="save-as-case">
          {t('save.button')}
        </button>
      )}
      {open && (
        <form onSubmit={submit} aria-label={t('save.button')}>
          <label className="field">
            {t('save.name')}
            <input value={name} onChange={(e) => setName(e.target.value)} data-testid="case-name" />
          </label>
          <button type="submit" className="primary" disabled={busy} data-testid="save-case-confirm">
            {busy ? t('save.saving') : t('save.confirm')}
          </button>{' '}
          <button type="button" onClick={() => setOpen(false)}>
            {t('save.cancel')}
          </button>
        </form>
      )}
      {done && (
        <p role="status" className="ok" data-testid="case-saved">
          {t('save.saved', { name: caseName, key: policyKey })}{' '}
          {linkToTests && <Link to={`/policies/${encodeURIComponent(policyKey)}?tab=tests`}>{t('save.openTests')}</Link>}
        </p>
      )}
      {problem && (
        <pre role="alert" className="problem">
          {problem}
        </pre>
      )}
    </div>
  );
}
