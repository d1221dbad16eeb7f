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

/** The policy document in Monaco (checked against `sluice schema`, compile errors marked in place) and its compiled rules. */
export default function JsonTab({ doc, result, onChange }: { doc: PolicyDocument; result: CompileResult; onChange(doc: PolicyDocument): void }) {
  const { t } = useTranslation('policy');
  const lang = useLang();
  const host = useRef<HTMLDivElement>(null);
  const [m, setM] = useState<Monaco | null>(null);
  const editor = useRef<import('monaco-editor/editor/editor.api').editor.IStandaloneCodeEditor | null>(null);
  const ours = useRef<PolicyDocument>(doc);
  const [parseError, setParseError] = useState(false);

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
    const model = m.monaco.editor.getModel(uri) ?? m.monaco.editor.createModel(documentText(ours.current), 'json', uri);
    model.setValue(documentText(ours.current));
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
      const next = asDocument(model.getValue());
      setParseError(next === null);
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
    ed.getModel()?.setValue(documentText(doc));
  }, [doc, m]);

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
          <p className="field-error" role="alert">
            {t('json.notApplied')}
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
