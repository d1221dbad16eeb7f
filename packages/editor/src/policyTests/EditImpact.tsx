import type { PolicyDocument } from '@sluice/engine';
import { useTranslation } from 'react-i18next';
import { useLang } from '../policy/useLang.js';
import { problemText } from './api.js';
import { namespace } from './messages.js';
import { editImpact } from './results.js';
import type { TestRuns } from './useTestRuns.js';
import './policyTests.css';

/**
 * Before saving: which test cases the unsaved edit makes fail or pass, against the saved document's
 * results. Says nothing while nothing is edited or the policy has no cases.
 */
export function EditImpact({ runs, doc, saved }: { runs: TestRuns; doc: PolicyDocument; saved: PolicyDocument }) {
  const { t } = useTranslation(namespace);
  const lang = useLang();
  if (doc === saved || !Array.isArray(doc.tests) || doc.tests.length === 0) return null;
  const latest = runs.latest;
  if (latest?.problem === 'notRunnable')
    return (
      <p className="edit-impact muted" data-testid="edit-impact" data-impact="not-runnable">
        {t('impact.notRunnable')}
      </p>
    );
  if (latest?.problem)
    return (
      <p className="edit-impact muted" data-testid="edit-impact" data-impact="problem">
        {problemText(latest.problem, lang === 'zh')}
      </p>
    );
  // Typing has not paused yet, or the cases are running.
  if (!latest?.report || !runs.saved?.report)
    return (
      <p className="edit-impact muted" data-testid="edit-impact" data-impact="checking" aria-busy="true">
        {t('impact.checking')}
      </p>
    );
  const { nowFail, nowPass } = editImpact(runs.saved.report, latest.report);
  const names = (cs: typeof nowFail) => cs.map((c) => c.name[lang] || c.id).join(lang === 'zh' ? '、' : ', ');
  if (nowFail.length === 0 && nowPass.length === 0)
    return (
      <p className="edit-impact ok" role="status" data-testid="edit-impact" data-impact="none">
        {t('impact.none')}
      </p>
    );
  return (
    <p className={`edit-impact ${nowFail.length ? 'bad' : 'ok'}`} role="status" data-testid="edit-impact" data-impact="changed">
      {nowFail.length > 0 && <span data-testid="impact-fail">{t('impact.fail', { count: nowFail.length, names: names(nowFail) })}</span>}
      {nowFail.length > 0 && nowPass.length > 0 && ' · '}
      {nowPass.length > 0 && <span data-testid="impact-pass">{t('impact.pass', { count: nowPass.length, names: names(nowPass) })}</span>}
    </p>
  );
}
