import type { PolicyDocument } from '@sluice/engine';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/client.js';
import { can, useSession } from '../app/session.js';
import { Explanation } from '../decisions/Explanation.js';
import type { DecisionSummary, StoredDecision } from '../decisions/explain.js';
import { useFormat } from '../format/useFormat.js';
import { PolicyCanvas } from '../policy/PolicyCanvas.js';
import { caseFromPreview, type TestCase } from '../policyTests/api.js';
import { SaveAsCase } from '../policyTests/SaveAsCase.js';
import { saveDraft } from './api.js';
import { namespace } from './messages.js';
import { eventFromDecision, eventFromForm, LEAD_FIELDS, parseEventText, tryPath, type DryDecision, type LeadForm } from './tryIt.js';
import '../decisions/decisions.css';
import './policies.css';

interface Props {
  doc: PolicyDocument;
  /** Lights the path the dry run took on the editor's canvas (null: nothing to light). */
  onPath: (path: { nodes: string[]; edges: string[] } | null) => void;
  /** A case saved from the dry run was added to the stored draft: the editor adds it to its document too. */
  onCaseAdded?: (c: TestCase) => void;
}

const SAMPLE: LeadForm = {
  company: '杭州云帆科技',
  email: 'lin@yunfan.cn',
  province: '浙江',
  productLine: 'crm',
  industry: 'software',
  employees: '450',
  source: 'webinar',
};
const EVENT_TYPES = ['lead.created', 'lead.updated', 'lead.qualified', 'lead.returned_to_pool', 'activity.logged', 'stage.changed', 'deal.won', 'tick'];

/**
 * Try the draft on a lead: typed in a form, pasted as an event, or a recent real decision's event
 * run again. The server's dry run answers (nothing is written); the path lights up on the canvas.
 */
export function TryItPanel({ doc, onPath, onCaseAdded }: Props) {
  const { t, i18n } = useTranslation(namespace);
  const zh = i18n.language?.startsWith('zh');
  const format = useFormat();
  const { user } = useSession();
  const mayTry = can(user?.role, 'editDraft');
  const [mode, setMode] = useState<'form' | 'json'>('form');
  const [form, setForm] = useState<LeadForm>(SAMPLE);
  const [text, setText] = useState(() => JSON.stringify(eventFromForm(SAMPLE, Date.now()), null, 2));
  const [recent, setRecent] = useState<DecisionSummary[]>([]);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [answer, setAnswer] = useState<{ decision: DryDecision | undefined; decidedAt: string } | null>(null);
  // The request the answer came from: "save as test case" sends it again, to tests/from-preview.
  const [request, setRequest] = useState<Record<string, unknown> | null>(null);

  useEffect(() => {
    api<{ decisions: DecisionSummary[] }>('GET', `/v1/decisions?policyKey=${encodeURIComponent(doc.key)}&limit=20`)
      .then((r) => setRecent(r.decisions.filter((d) => d.leadId !== null)))
      .catch(() => setRecent([]));
  }, [doc.key]);

  // An edited document makes the lit path stale; leaving the tab keeps it lit on the editor's canvas.
  // (Through a ref: a parent's inline onPath is a new function every render.)
  const [path, setPath] = useState<{ nodes: string[]; edges: string[] } | null>(null);
  const onPathRef = useRef(onPath);
  onPathRef.current = onPath;
  const triedDoc = useRef(doc);
  useEffect(() => {
    if (triedDoc.current === doc) return;
    triedDoc.current = doc;
    setPath(null);
    onPathRef.current(null);
  }, [doc]);
  const light = (p: { nodes: string[]; edges: string[] } | null) => {
    triedDoc.current = doc;
    setPath(p);
    onPathRef.current(p);
  };

  function pickDecision(id: string) {
    const d = recent.find((x) => x.decisionId === id);
    if (!d) return;
    setText(JSON.stringify(eventFromDecision(d, Date.now()), null, 2));
    setMode('json');
  }

  async function run(e: React.FormEvent) {
    e.preventDefault();
    setProblem(null);
    let event: Record<string, unknown>;
    if (mode === 'form') event = eventFromForm(form, Date.now());
    else {
      const parsed = parseEventText(text);
      if (!parsed.ok) {
        setProblem(zh ? parsed.zh : parsed.en);
        return;
      }
      event = parsed.event;
    }
    setBusy(true);
    try {
      // The dry run reads the stored draft: store what is on the canvas first.
      await saveDraft(doc);
      const body = { ...event, dryRun: true, policyKey: doc.key, draft: true };
      const r = await api<{ decisions: DryDecision[]; decidedAt: string }>('POST', '/v1/decide', body);
      const decision = r.decisions.find((d) => d.policy.key === doc.key);
      setAnswer({ decision, decidedAt: r.decidedAt });
      setRequest(body);
      light(tryPath(r.decisions, doc));
    } catch (err) {
      light(null);
      setAnswer(null);
      if (err instanceof ApiError) {
        const head = zh ? (err.detailZh ?? err.detail) : err.detail;
        const lines = err.errors.map((x) => `${x.path}: ${zh ? (x.messageZh ?? x.message) : x.message}`);
        setProblem([head, ...lines].join('\n'));
      } else setProblem(String(err));
    } finally {
      setBusy(false);
    }
  }

  const shown: StoredDecision | null = answer?.decision
    ? ({
        ...answer.decision,
        decisionId: '',
        eventId: '',
        eventType: '',
        leadId: null,
        at: answer.decidedAt,
        triggered: answer.decision.explanation.visited.length > 0,
        changes: [],
      } as unknown as StoredDecision)
    : null;

  return (
    <section className="tryit-panel" aria-label={t('try.title')}>
      <form onSubmit={run}>
        <div className="tryit-modes" role="radiogroup" aria-label={t('try.input')}>
          <label>
            <input type="radio" checked={mode === 'form'} onChange={() => setMode('form')} /> {t('try.form')}
          </label>
          <label>
            <input type="radio" checked={mode === 'json'} onChange={() => setMode('json')} data-testid="try-json-mode" /> {t('try.json')}
          </label>
          {recent.length > 0 && (
            <label>
              {t('try.recent')}{' '}
              <select value="" onChange={(e) => pickDecision(e.target.value)} data-testid="try-recent">
                <option value="">{t('try.pickRecent')}</option>
                {recent.map((d) => (
                  <option key={d.decisionId} value={d.decisionId}>
                    {format.dateTime(d.at)} · {d.leadId} · {d.eventType} · {(zh ? d.summary.zh : d.summary.en).slice(0, 60)}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
        {mode === 'form' ? (
          <div className="tryit-form">
            <label className="field">
              {t('try.eventType')}
              <select value={form.type ?? 'lead.created'} onChange={(e) => setForm({ ...form, type: e.target.value })}>
                {EVENT_TYPES.map((x) => (
                  <option key={x} value={x}>
                    {x}
                  </option>
                ))}
              </select>
            </label>
            {LEAD_FIELDS.map((f) => (
              <label key={f} className="field">
                {t(`try.field.${f}`)}
                <input
                  value={form[f] ?? ''}
                  onChange={(e) => setForm({ ...form, [f]: e.target.value })}
                  data-testid={`try-${f}`}
                  inputMode={f === 'employees' ? 'numeric' : undefined}
                />
              </label>
            ))}
          </div>
        ) : (
          <label className="field">
            {t('try.eventJson')}
            <textarea className="mono" value={text} onChange={(e) => setText(e.target.value)} rows={12} spellCheck={false} data-testid="try-text" />
          </label>
        )}
        {!mayTry && <p className="muted">{t('try.notAllowed')}</p>}
        <p className="muted">{t('try.savesDraft')}</p>
        <button type="submit" className="primary" disabled={busy || !mayTry} data-testid="try-run">
          {busy ? t('try.running') : t('try.run')}
        </button>
      </form>
      {problem && (
        <pre role="alert" className="problem" data-testid="try-problem">
          {problem}
        </pre>
      )}
      {answer && !answer.decision && <p className="muted">{t('try.noDecision')}</p>}
      {shown && (
        <div className="tryit-result" data-testid="try-result">
          <p className="muted">{t('try.decidedAt', { at: format.dateTime(answer!.decidedAt) })}</p>
          {request && (
            <SaveAsCase
              key={String(request.id)}
              policyKey={doc.key}
              disabled={!mayTry}
              save={(name) => caseFromPreview(doc.key, { ...request, ...(name ? { name } : {}), addToDraft: true })}
              onSaved={onCaseAdded}
            />
          )}
          <div className="tryit-columns">
            <PolicyCanvas doc={doc} readOnly highlight={path} height={420} />
            <Explanation decision={shown} format={format} />
          </div>
        </div>
      )}
    </section>
  );
}

export default TryItPanel;
