import { policyJsonSchema, type CompileResult, type PolicyDocument } from '@sluice/engine';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { locateJson, spanOf } from './jsonLocate';
import { useLang } from './useLang';
import { validate } from './validation';

type Monaco = typeof import('./monaco');

/** A parsed text the canvas can draw: an object with node and edge lists whose items have ids. */
export function asDocument(text: string): PolicyDocument | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
  const d = v as Record<string, unknown>;
  const ok = (list: unknown) => Array.isArray(list) && list.every((x) => x !== null && typeof x === 'object' && typeof (x as { id?: unknown }).id === 'string');
  return ok(d.nodes) && ok(d.edges) ? (v as PolicyDocument) : null;
}

export const documentText = (doc: PolicyDocument): string => JSON.stringify(doc, null, 2);

export interface JsonTabProps {
  doc: PolicyDocument;
  result: CompileResult;
  onChange(doc: PolicyDocument): void;
  /**
   * Text typed here that is not a policy document yet, kept by the editor while the tab is closed
   * (it is unsaved work: the editor asks before it is lost); null when the text is the document.
   */
  pending?: string | null;
  /** The text stopped or started being a document: null once it is one again. */
  onPending?(text: string | null): void;
  /** A place to select and show, e.g. `$.tests[2]` (a case to edit); `seq` asks again for the same place. */
  reveal?: { path: string; seq: number } | null;
}

/** The policy document in Monaco (checked against `sluice schema`, compile errors marked in place) and its compiled rules. */
export default function JsonTab({ doc, result, onChange, pending = null, onPending, reveal }: JsonTabProps) {
  const { t } = useTranslation('policy');
  const lang = useLang();
  const host = useRef<HTMLDivElement>(null);
  const [m, setM] = useState<Monaco | null>(null);
  const editor = useRef<import('monaco-editor/editor/editor.api').editor.IStandaloneCodeEditor | null>(null);
  const ours = useRef<PolicyDocument>(doc);
  // Opened on text kept from before (not a document): shown as it was, with its error.
  const initialText = useRef<string>(pending ?? documentText(doc));
  const [parseError, setParseError] = useState(pending !== null);
  const onPendingRef = useRef(onPending);
  onPendingRef.current = onPending;

  useEffect(() => {
    let live = true;
    void import('./monaco').then((mod) => live && setM(mod));
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    if (!m || !host.current) return;
    const uri = m.monaco.Uri.parse('sluice://policy/document.json');
    m.jsonDefaults.setDiagnosticsOptions({
      validate: true,
      enableSchemaRequest: false,
      schemas: [{ uri: 'sluice://schema/policy.json', fileMatch: [uri.toString()], schema: policyJsonSchema() }],
    });
    const model = m.monaco.editor.getModel(uri) ?? m.monaco.editor.createModel(initialText.current, 'json', uri);
    model.setValue(initialText.current);
    const ed = m.monaco.editor.create(host.current, {
      model,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      tabSize: 2,
      // Typed brackets and quotes are kept as typed: a pasted or typed document is never doubled up.
      autoClosingBrackets: 'never',
      autoClosingQuotes: 'never',
      autoSurround: 'never',
      ariaLabel: t('json.documentLabel'),
    });
    editor.current = ed;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const apply = () => {
      timer = undefined;
      const text = model.getValue();
      // What the editor is drawn from again (a language switch rebuilds it): the text as typed.
      initialText.current = text;
      const next = asDocument(text);
      setParseError(next === null);
      // Text that is not a document changes nothing yet, but it is the user's unsaved work.
      onPendingRef.current?.(next === null ? text : null);
      if (next) {
        ours.current = next;
        onChangeRef.current(next);
      }
    };
    const sub = model.onDidChangeContent(() => {
      clearTimeout(timer);
      timer = setTimeout(apply, 250);
    });
    return () => {
      // Leaving the tab right after typing must not lose the last edit.
      if (timer !== undefined) {
        clearTimeout(timer);
        apply();
      }
      sub.dispose();
      ed.dispose();
      model.dispose();
      editor.current = null;
    };
  }, [m, t]);

  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  // A change from elsewhere (canvas, undo, a loaded version) replaces the text; our own does not.
  useEffect(() => {
    const ed = editor.current;
    if (!ed || doc === ours.current) return;
    ours.current = doc;
    initialText.current = documentText(doc);
    ed.getModel()?.setValue(documentText(doc));
  }, [doc, m]);

  // A place asked for (a case to edit): selected, scrolled into view, and the editor focused.
  useEffect(() => {
    const ed = editor.current;
    const model = ed?.getModel();
    if (!m || !ed || !model || !reveal) return;
    const span = spanOf(locateJson(model.getValue()), reveal.path);
    if (!span) return;
    const a = model.getPositionAt(span.start);
    const b = model.getPositionAt(span.end);
    const range = new m.monaco.Range(a.lineNumber, a.column, b.lineNumber, b.column);
    ed.setSelection(range);
    ed.revealRangeAtTop(range);
    ed.focus();
  }, [m, reveal]);

  /** Back to the document as it is: the text that is not a document is dropped. */
  const discard = () => {
    const model = editor.current?.getModel();
    initialText.current = documentText(doc);
    if (model) model.setValue(documentText(doc));
    setParseError(false);
    onPendingRef.current?.(null);
  };

  // Compile errors as markers at their JSON path.
  useEffect(() => {
    const model = editor.current?.getModel();
    if (!m || !model) return;
    const text = model.getValue();
    const spans = locateJson(text);
    const v = validate(asDocument(text) ?? doc);
    const markers = v.problems.map((p) => {
      const s = spanOf(spans, p.path) ?? { start: 0, end: 1 };
      const a = model.getPositionAt(s.start);
      const b = model.getPositionAt(s.end);
      return {
        severity: p.severity === 'error' ? m.monaco.MarkerSeverity.Error : m.monaco.MarkerSeverity.Warning,
        message: p.message[lang],
        startLineNumber: a.lineNumber,
        startColumn: a.column,
        endLineNumber: b.lineNumber,
        endColumn: b.column,
      };
    });
    m.monaco.editor.setModelMarkers(model, 'sluice-compile', markers);
  }, [m, doc, lang]);

  const rules = useMemo(() => (result.ok ? JSON.stringify(result.policy.rules, null, 2) : null), [result]);
  return (
    <div className="json-tab">
      <section aria-label={t('json.document')}>
        <h3>{t('json.document')}</h3>
        {parseError && (
          <p className="field-error" role="alert" data-testid="json-not-applied">
            {t('json.notApplied')}{' '}
            <button type="button" onClick={discard} data-testid="json-discard">
              {t('json.discard')}
            </button>
          </p>
        )}
        <div ref={host} className="monaco-host" data-testid="json-editor">
          {!m && <p aria-busy="true">{t('page.loading')}</p>}
        </div>
      </section>
      <section aria-label={t('json.rules')}>
        <h3>{t('json.rules')}</h3>
        {rules ? (
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard.
          <pre className="compiled-rules" tabIndex={0}>
            {rules}
          </pre>
        ) : (
          <p>{t('json.noRules')}</p>
        )}
      </section>
    </div>
  );
}
