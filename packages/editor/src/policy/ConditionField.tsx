import type { FieldProps, RJSFSchema } from '@rjsf/utils';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { checkConfigField, type SchemaError } from './schemaCheck';
import { condition as conditionWords } from './sentenceParts';
import { useLang } from './useLang';

const asText = (v: unknown): string => JSON.stringify(v ?? null, null, 2);

/**
 * A condition tree (leaf, all / any / not, nested at will) as its plain sentence plus one JSON box.
 * A generated form of that recursive schema was a drop-down of nameless shapes showing the JSON twice.
 * The box applies the value whenever it parses (the canvas and problems follow as you type) and
 * checks it against the node's schema when you leave it.
 */
export function ConditionField(props: FieldProps) {
  const { formData, onChange, fieldPathId, schema, name, disabled, readonly, registry } = props;
  const { t } = useTranslation('policy');
  const lang = useLang();
  const [text, setText] = useState(() => asText(formData));
  const [bad, setBad] = useState(false);
  const [checked, setChecked] = useState<SchemaError[] | null>(null);
  const last = useRef<unknown>(formData);
  useEffect(() => {
    // A change from elsewhere (undo, the JSON tab) replaces the text; the user's own typing does not.
    if (formData !== last.current) {
      setText(asText(formData));
      setBad(false);
      setChecked(null);
    }
    last.current = formData;
  }, [formData]);

  const id = fieldPathId.$id;
  const check = () => {
    if (bad) return;
    setChecked(checkConfigField(registry.rootSchema as RJSFSchema, name, last.current));
  };
  return (
    <div className="condition-field">
      <label htmlFor={id}>{schema.title ?? name}</label>
      {schema.description && <p className="field-help">{schema.description}</p>}
      <p className="condition-sentence" data-testid="condition-sentence">
        <span className="condition-reads">{t('inspector.conditionReads')}</span> {conditionWords(formData, lang)}
      </p>
      <textarea
        id={id}
        className="mono"
        rows={8}
        spellCheck={false}
        aria-label={t('inspector.conditionJson')}
        aria-describedby={`${id}-hint`}
        aria-invalid={bad || (checked?.length ?? 0) > 0}
        value={text}
        disabled={disabled}
        readOnly={readonly}
        onChange={(e) => {
          setText(e.target.value);
          setChecked(null);
          let v: unknown;
          try {
            v = JSON.parse(e.target.value);
          } catch {
            setBad(true);
            return;
          }
          setBad(false);
          last.current = v;
          onChange(v, fieldPathId.path);
        }}
        onBlur={check}
      />
      <p className="field-help" id={`${id}-hint`}>
        {t('inspector.conditionHint')}
      </p>
      {bad && (
        <p className="field-error" role="alert">
          {t('inspector.badJson')}
        </p>
      )}
      {checked && checked.length > 0 && (
        <div className="field-error" role="alert" data-testid="condition-errors">
          {t('inspector.conditionErrors')}
          <ul className="condition-errors">
            {checked.map((e) => (
              <li key={`${e.path}:${e.message.en}`}>
                <code>{e.path}</code> {e.message[lang]}
              </li>
            ))}
          </ul>
        </div>
      )}
      {checked && checked.length === 0 && <p className="field-ok">{t('inspector.conditionOk')}</p>}
    </div>
  );
}
