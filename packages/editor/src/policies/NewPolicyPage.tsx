import type { PolicyKind } from '@sluice/engine';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api/client.js';
import { can, useSession } from '../app/session.js';
import { listPolicies, saveDraft } from './api.js';
import { namespace } from './messages.js';
import { blankPolicy, KINDS, keyProblem, listTemplates, templateDocuments } from './templates.js';
import './policies.css';

type Choice = { from: 'template'; id: string } | { from: 'blank' };

/** A new policy from a template (every policy it holds becomes a draft) or from a blank canvas. */
export default function NewPolicyPage() {
  const { t, i18n } = useTranslation(namespace);
  const lang = i18n.language?.startsWith('zh') ? 'zh' : 'en';
  const { user } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const templates = useMemo(() => listTemplates(lang), [lang]);
  const [choice, setChoice] = useState<Choice>(() => {
    const id = params.get('template');
    return id && templates.some((x) => x.id === id) ? { from: 'template', id } : { from: 'blank' };
  });
  const [kind, setKind] = useState<PolicyKind>('routing');
  const [names, setNames] = useState<Array<{ key: string; name: string }>>([{ key: '', name: '' }]);
  const [taken, setTaken] = useState<Set<string>>(new Set());
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    listPolicies()
      .then((list) => setTaken(new Set(list.map((p) => p.key))))
      .catch(() => undefined);
  }, []);

  // Choosing a template fills in its policies' keys and names; the user may change them.
  useEffect(() => {
    if (choice.from === 'template') {
      const card = templates.find((x) => x.id === choice.id);
      setNames(card ? card.policies.map((p) => ({ key: p.key, name: p.name })) : []);
    } else setNames([{ key: '', name: '' }]);
    setTouched(false);
  }, [choice, templates]);

  const problems = names.map((n, i) => {
    const p = keyProblem(n.key.trim(), taken);
    if (p) return p;
    return names.findIndex((m) => m.key.trim() === n.key.trim()) !== i ? ('repeated' as const) : null;
  });
  const nameMissing = names.map((n) => n.name.trim() === '');
  const valid = problems.every((p) => p === null) && nameMissing.every((m) => !m);

  async function create(e: React.FormEvent) {
    e.preventDefault();
    setTouched(true);
    if (!valid) return;
    setBusy(true);
    setError(null);
    const chosen = names.map((n) => ({ key: n.key.trim(), name: n.name.trim() }));
    const docs = choice.from === 'template' ? templateDocuments(choice.id, chosen, lang) : [blankPolicy(kind, chosen[0]!.key, chosen[0]!.name)];
    try {
      for (const doc of docs) await saveDraft(doc);
      navigate(`/policies/${encodeURIComponent(docs[0]!.key)}`);
    } catch (err) {
      setError(err instanceof ApiError ? (lang === 'zh' ? (err.detailZh ?? err.detail) : err.detail) : String(err));
      setBusy(false);
    }
  }

  if (user && !can(user.role, 'editDraft')) {
    return (
      <section className="policies-page">
        <h1>{t('new.title')}</h1>
        <p role="alert">{t('new.notAllowed')}</p>
        <Link to="/policies">{t('back')}</Link>
      </section>
    );
  }

  return (
    <section className="policies-page new-policy" aria-labelledby="new-title">
      <p>
        <Link to="/policies">← {t('back')}</Link>
      </p>
      <h1 id="new-title">{t('new.title')}</h1>
      <form onSubmit={create} noValidate>
        <fieldset className="template-choices">
          <legend>{t('new.startFrom')}</legend>
          <label className={`template-card ${choice.from === 'blank' ? 'chosen' : ''}`}>
            <input type="radio" name="start" checked={choice.from === 'blank'} onChange={() => setChoice({ from: 'blank' })} data-testid="choose-blank" />
            <strong>{t('new.blank')}</strong>
            <span className="muted">{t('new.blankHelp')}</span>
          </label>
          {templates.map((tpl) => (
            <label key={tpl.id} className={`template-card ${choice.from === 'template' && choice.id === tpl.id ? 'chosen' : ''}`} data-template={tpl.id}>
              <input
                type="radio"
                name="start"
                checked={choice.from === 'template' && choice.id === tpl.id}
                onChange={() => setChoice({ from: 'template', id: tpl.id })}
              />
              <strong>{tpl.name}</strong>
              <span className="muted">{tpl.description}</span>
              <span className="template-kinds">
                {tpl.kinds.map((k) => (
                  <span key={k} className={`kind-badge kind-${k}`}>
                    {t(`kind.${k}`)}
                  </span>
                ))}
                {tpl.policies.length > 1 && <span className="muted"> · {t('new.policyCount', { count: tpl.policies.length })}</span>}
              </span>
            </label>
          ))}
        </fieldset>

        {choice.from === 'blank' && (
          <label className="field">
            {t('new.kind')}{' '}
            <select value={kind} onChange={(e) => setKind(e.target.value as PolicyKind)} data-testid="blank-kind">
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`kind.${k}`)}
                </option>
              ))}
            </select>
          </label>
        )}

        {names.map((n, i) => (
          <fieldset key={i} className="policy-naming">
            {names.length > 1 && <legend>{t('new.policyN', { n: i + 1 })}</legend>}
            <label className="field">
              {t('new.key')}
              <input
                value={n.key}
                onChange={(e) => setNames(names.map((m, j) => (j === i ? { ...m, key: e.target.value } : m)))}
                aria-invalid={touched && problems[i] !== null}
                aria-describedby={`key-help-${i}`}
                data-testid={`key-${i}`}
                autoComplete="off"
                spellCheck={false}
              />
              <span id={`key-help-${i}`} className={touched && problems[i] ? 'problem' : 'muted'}>
                {touched && problems[i] ? t(`new.keyProblem.${problems[i]}`) : t('new.keyHelp')}
              </span>
            </label>
            <label className="field">
              {t('new.name')}
              <input
                value={n.name}
                onChange={(e) => setNames(names.map((m, j) => (j === i ? { ...m, name: e.target.value } : m)))}
                aria-invalid={touched && nameMissing[i]}
                data-testid={`name-${i}`}
              />
              {touched && nameMissing[i] && <span className="problem">{t('new.nameMissing')}</span>}
            </label>
          </fieldset>
        ))}

        {error && (
          <p role="alert" className="problem">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy} data-testid="create-policy">
          {names.length > 1 ? t('new.createMany', { count: names.length }) : t('new.create')}
        </button>
      </form>
    </section>
  );
}
