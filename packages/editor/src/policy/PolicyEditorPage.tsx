import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './policy.css';
import { compilePolicy, type PolicyDocument } from '@sluice/engine';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, ApiError } from '../api/client';
import { CaseToolsContext, type CaseTools, caseInDoc, knownRoster } from '../policyTests/caseRoster';
import { EditImpact } from '../policyTests/EditImpact';
import { useTestRuns } from '../policyTests/useTestRuns';
import { EditorCanvas } from './EditorCanvas';
import { fieldElementId, Inspector } from './Inspector';
import { needsLayout, layoutDocument } from './layout';
import { LeaveGuard } from './LeaveGuard';
import { Palette } from './Palette';
import { Problems } from './Problems';
import { takePrefetchedPolicy } from './prefetch';
import { usePolicyEditorStatus } from './status';
import { createPolicyStore, redo, undo, usePolicy, type Clip, type PolicyStore } from './store';
import { useTenantValues, type TenantValues } from './tenantValues';
import { useLang } from './useLang';
import { useValidation, type Problem } from './validation';

type PathLight = { nodes: string[]; edges: string[] } | null;
// The Try it and Versions panels belong to the policies screens; loaded only when their tab opens.
const TryItPanel = lazy(() => import('../policies/TryItPanel'));
const VersionsPanel = lazy(() => import('../policies/VersionsPanel'));
const JsonTab = lazy(() => import('./JsonTab'));
const TestsPanel = lazy(() => import('../policyTests/TestsPanel'));

const TABS = ['canvas', 'json', 'try', 'tests', 'versions'] as const;
type Tab = (typeof TABS)[number];

interface PolicyView {
  draft: PolicyDocument | null;
  live: { document: PolicyDocument } | null;
}

let clipboard: Clip | null = null;

/** /policies/:key — build the policy as a flow, check it as you type, save the draft. */
export default function PolicyEditorPage() {
  const { key = '' } = useParams();
  const { t } = useTranslation('policy');
  const [store, setStore] = useState<PolicyStore | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const tRef = useRef(t);
  tRef.current = t;
  useEffect(() => {
    let live = true;
    setStore(null);
    setFailed(null);
    (takePrefetchedPolicy<PolicyView>(key) ?? api<PolicyView>('GET', `/v1/policies/${encodeURIComponent(key)}`))
      .then((v) => {
        const doc = v.draft ?? v.live?.document;
        if (!live) return;
        if (!doc) setFailed(tRef.current('page.empty'));
        else setStore(createPolicyStore(needsLayout(doc) ? layoutDocument(doc) : doc));
      })
      .catch((e: unknown) => live && setFailed(e instanceof ApiError ? e.detail : String(e)));
    return () => {
      live = false;
    };
    // Only a new key reloads: a language switch must not throw away the edits and the selection.
  }, [key]);
  if (failed)
    return (
      <p role="alert" className="policy-page-error">
        {failed}
      </p>
    );
  if (!store) return <p aria-busy="true">{t('page.loading')}</p>;
  return <PolicyEditor store={store} policyKey={key} />;
}

const isTyping = (el: EventTarget | null) =>
  el instanceof HTMLElement && (/^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) || el.isContentEditable || !!el.closest('.monaco-editor'));

export function PolicyEditor({
  store,
  policyKey,
  save = saveDraft,
  tenantValues,
}: {
  store: PolicyStore;
  policyKey: string;
  save?: typeof saveDraft;
  tenantValues?: TenantValues;
}) {
  const { t } = useTranslation('policy');
  const lang = useLang();
  const doc = usePolicy(store, (s) => s.doc);
  const selected = usePolicy(store, (s) => s.selected);
  const values = useTenantValues(tenantValues);
  const fields = useMemo(() => (values.leadFields.length ? values.leadFields : undefined), [values.leadFields]);
  const validation = useValidation(doc, fields, values.calendars ?? undefined, values.roster);
  // A simulation attached as evidence (`?evidence=`) opens where it is used: the publish form; `?tab=` names a tab.
  const [tab, setTab] = useState<Tab>(() => {
    const q = new URLSearchParams(typeof window === 'undefined' ? '' : window.location.search);
    return q.has('evidence') ? 'versions' : (TABS.find((x) => x === q.get('tab')) ?? 'canvas');
  });
  const [saved, setSaved] = useState<PolicyDocument>(doc);
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [focusField, setFocusField] = useState<{ nodeId: string; field?: string; seq: number } | null>(null);
  const [path, setPath] = useState<PathLight>(null);
  // Text in the JSON tab that is not a policy document: kept while the tab is closed, for the document it was typed over.
  const [jsonDraft, setJsonDraft] = useState<{ text: string; base: PolicyDocument } | null>(null);
  // A place the JSON tab selects when it opens (a case to edit).
  const [reveal, setReveal] = useState<{ path: string; seq: number } | null>(null);
  const seq = useRef(0);
  const runs = useTestRuns(policyKey, doc, saved, validation.errorCount === 0);
  const node = selected.length === 1 ? doc.nodes.find((n) => n.id === selected[0]) : undefined;
  // Text typed in the JSON tab that is not valid JSON (or not a policy) changes no document, but it is
  // unsaved work: it counts as unsaved until fixed or discarded there. An edit elsewhere since (the
  // canvas, undo, a loaded version) replaces that text, as the JSON tab shows.
  const jsonBroken = jsonDraft !== null && jsonDraft.base === doc;
  // Unsaved: the document is not the one last saved (or loaded), or the JSON tab holds text it could
  // not take. Edits make a new document and undo brings back the very same one, so undoing back to
  // the saved state is not unsaved. The one test for it: the save button, the status other panels
  // read and the guard on leaving (and on signing out) all use this.
  const dirty = doc !== saved || jsonBroken;

  useEffect(() => {
    usePolicyEditorStatus.setState({ policyKey, errorCount: validation.errorCount, dirty });
  }, [policyKey, validation.errorCount, dirty]);
  useEffect(() => () => usePolicyEditorStatus.setState({ policyKey: null, errorCount: 0, dirty: false }), []);

  // The benchmark runs on the built editor: it opts in with ?bench=1.
  useEffect(() => {
    if (typeof window === 'undefined' || !new URLSearchParams(window.location.search).has('bench')) return;
    const w = window as unknown as { __sluiceBench?: { validate(): number; nodes(): number } };
    w.__sluiceBench = {
      validate: () => {
        const d = store.getState().doc;
        const t0 = performance.now();
        compilePolicy(d, fields ? { fields } : {});
        return performance.now() - t0;
      },
      nodes: () => document.querySelectorAll('.react-flow__node').length,
    };
    return () => {
      delete w.__sluiceBench;
    };
  }, [store, fields]);

  /** Resolves to null once saved, or to the error (also shown in the header). */
  const onSave = useCallback(async (): Promise<string | null> => {
    setSaving(true);
    setMessage(null);
    try {
      const sent = store.getState().doc;
      const r = await save(policyKey, sent);
      setSaved(sent);
      setMessage(r.errors > 0 ? t('page.savedWithErrors', { count: r.errors }) : t('page.saved'));
      return null;
    } catch (e) {
      const error = e instanceof ApiError ? ((lang === 'zh' ? e.detailZh : undefined) ?? e.detail) : String(e);
      setMessage(error);
      return error;
    } finally {
      setSaving(false);
    }
  }, [policyKey, store, save, t, lang]);

  // The server appended the case to its stored draft; the document here gains it too (unsaved edits stay unsaved).
  const addCase = useCallback(
    (c: unknown) => {
      const now = store.getState().doc;
      const next = { ...now, tests: [...(Array.isArray(now.tests) ? now.tests : []), c] };
      store.getState().setDoc(next);
      setSaved((s) => (s === now ? next : s));
    },
    [store],
  );

  const insert = useCallback(
    (kind: string) => {
      const s = store.getState();
      s.addNode(kind, undefined, s.selected.length === 1 ? s.selected[0] : undefined);
    },
    [store],
  );

  const onKeyDown = (e: KeyboardEvent) => {
    const mod = e.ctrlKey || e.metaKey;
    if (mod && e.key.toLowerCase() === 's') {
      e.preventDefault();
      void onSave();
      return;
    }
    if (!mod || isTyping(e.target) || tab !== 'canvas') return;
    const k = e.key.toLowerCase();
    if (k === 'z' && !e.shiftKey) undo(store);
    else if ((k === 'z' && e.shiftKey) || k === 'y') redo(store);
    else if (k === 'c') clipboard = store.getState().copy() ?? clipboard;
    else if (k === 'v' && clipboard) store.getState().paste(clipboard);
    else if (k === 'a') store.getState().select(store.getState().doc.nodes.map((n) => n.id));
    else return;
    e.preventDefault();
  };

  // Failing cases say which team or rep they expect that the roster lacks or the policy no longer names, and can be edited or deleted from there.
  const roster = useMemo(() => knownRoster(values), [values]);
  const caseTools = useMemo<CaseTools>(
    () => ({
      doc,
      roster,
      edit: (id) => {
        const found = caseInDoc(store.getState().doc, id);
        if (!found) return;
        setReveal({ path: `$.tests[${found.index}]`, seq: ++seq.current });
        setTab('json');
      },
      remove: (id) => {
        const now = store.getState().doc;
        const tests = Array.isArray(now.tests) ? now.tests : [];
        store.getState().setDoc({ ...now, tests: tests.filter((c) => (c as { id?: unknown }).id !== id) });
      },
    }),
    [doc, roster, store],
  );

  const pick = (p: Problem) => {
    setTab('canvas');
    if (p.nodeId) {
      store.getState().select([p.nodeId]);
      setFocusField({ nodeId: p.nodeId, field: p.field, seq: ++seq.current });
    } else if (p.edgeId) store.getState().select([], [p.edgeId]);
  };

  return (
    <div className="policy-page" onKeyDown={onKeyDown}>
      <header className="policy-page-head">
        <h1>{doc.name}</h1>
        <span className="policy-kind">{t(`policyKind.${doc.kind}`)}</span>
        <span data-testid="error-count" className={validation.errorCount ? 'has-errors' : 'no-errors'}>
          {validation.errorCount ? t('page.errors', { count: validation.errorCount }) : t('page.noErrors')}
        </span>
        <button type="button" onClick={() => void onSave()} disabled={saving} data-testid="save-draft">
          {dirty ? t('page.saveDraftDirty') : t('page.saveDraft')}
        </button>
        <span role="status" data-testid="save-status" title={message ?? undefined}>
          {message}
        </span>
      </header>
      {/* Below the header, never in it: a long line of failing cases wraps here and the header keeps its height. */}
      <div className="policy-page-banners">
        {jsonBroken && (
          <p className="json-unsaved" role="alert" data-testid="json-unsaved">
            {t('page.jsonUnsaved')}
          </p>
        )}
        <EditImpact runs={runs} doc={doc} saved={saved} />
      </div>
      <div className="policy-tabs" role="tablist" aria-label={t('page.tabs')}>
        {TABS.map((x) => (
          <button
            key={x}
            role="tab"
            type="button"
            id={`tab-${x}`}
            aria-selected={tab === x}
            aria-controls={`panel-${x}`}
            onClick={() => {
              setReveal(null);
              setTab(x);
            }}
          >
            {t(`tab.${x}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="policy-tabpanel">
        {tab === 'canvas' && (
          <div className="policy-editor">
            <Palette onInsert={insert} />
            <div className="canvas-wrap">
              <div className="canvas-toolbar">
                <button type="button" onClick={() => undo(store)} title="Ctrl+Z">
                  {t('toolbar.undo')}
                </button>
                <button type="button" onClick={() => redo(store)} title="Ctrl+Shift+Z">
                  {t('toolbar.redo')}
                </button>
                <button type="button" onClick={() => store.getState().layout()}>
                  {t('toolbar.layout')}
                </button>
                <button type="button" onClick={() => store.getState().removeSelected()} disabled={selected.length === 0}>
                  {t('toolbar.delete')}
                </button>
              </div>
              <ReactFlowProvider>
                <EditorCanvas store={store} problems={validation.byNode} highlight={path} />
              </ReactFlowProvider>
            </div>
            <Inspector
              node={node}
              problems={validation.problems}
              values={values}
              focusField={focusField}
              onChange={(id, data) => store.getState().updateNodeData(id, data)}
            />
            <Problems problems={validation.problems} nodes={doc.nodes} onPick={pick} />
          </div>
        )}
        <CaseToolsContext.Provider value={caseTools}>
          <Suspense fallback={<p aria-busy="true">{t('page.loading')}</p>}>
            {tab === 'json' && (
              <JsonTab
                doc={doc}
                result={validation.result}
                onChange={(d) => store.getState().setDoc(d)}
                pending={jsonBroken ? jsonDraft!.text : null}
                onPending={(text) => setJsonDraft(text === null ? null : { text, base: store.getState().doc })}
                reveal={reveal}
              />
            )}
            {tab === 'try' && <TryItPanel doc={doc} onPath={(p) => setPath(p)} onCaseAdded={addCase} />}
            {tab === 'tests' && <TestsPanel doc={doc} runs={runs} onPath={(p) => setPath(p)} />}
            {tab === 'versions' && <VersionsPanel policyKey={policyKey} doc={doc} onLoad={(d) => store.getState().setDoc(d)} />}
          </Suspense>
        </CaseToolsContext.Provider>
      </div>
      <LeaveGuard dirty={dirty} name={doc.name} save={onSave} jsonBroken={jsonBroken} />
    </div>
  );
}

/** PUT the draft; the server saves it even with errors and says how many. */
export async function saveDraft(key: string, doc: PolicyDocument): Promise<{ errors: number }> {
  const r = await api<{ compile?: { ok: boolean; errors: unknown[] } }>('PUT', `/v1/policies/${encodeURIComponent(key)}/draft`, doc);
  return { errors: r.compile?.errors.length ?? 0 };
}

export { fieldElementId };
