import Form from '@rjsf/core';
import type { ErrorSchema, RJSFSchema, UiSchema, WidgetProps } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ModelPicker } from '../models/ModelPicker';
import { kindInfo } from './catalog';
import { ConditionField } from './ConditionField';
import { DurationField } from './DurationField';
import type { DocNode } from './flow';
import { formAdapter, formField } from './formAdapters';
import { ArrayItem, buttonTemplates } from './formTemplates';
import { localiseSchema, uiSchemaFor } from './schemaForm';
import type { TenantValues } from './tenantValues';
import { useLang } from './useLang';
import type { Problem } from './validation';

/** A text box that offers the tenant's real values (and still takes a new one). */
function SuggestWidget(props: WidgetProps) {
  const { id, value, onChange, onBlur, onFocus, disabled, readonly, options, registry } = props;
  const values = (registry.formContext as { values?: TenantValues } | undefined)?.values;
  // A list not known yet (calendars before they load) offers nothing rather than failing.
  const list = (values?.[options.source as keyof TenantValues] as unknown[] | null | undefined) ?? [];
  return (
    <>
      <input
        id={id}
        className="form-control"
        list={`${id}-values`}
        value={typeof value === 'string' ? value : ''}
        disabled={disabled}
        readOnly={readonly}
        onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
        onBlur={(e) => onBlur(id, e.target.value)}
        onFocus={(e) => onFocus(id, e.target.value)}
      />
      <datalist id={`${id}-values`}>
        {list.map((v) => (
          <option key={String(v)} value={String(v)} />
        ))}
      </datalist>
    </>
  );
}

/** score.model's `model`: the tenant's models with their published version (ModelPicker). */
function ScoreModelWidget(props: WidgetProps) {
  const values = (props.registry.formContext as { values?: TenantValues } | undefined)?.values;
  return (
    <ModelPicker
      id={props.id}
      value={typeof props.value === 'string' ? props.value : undefined}
      models={values?.models ?? null}
      disabled={props.disabled || props.readonly}
      onChange={(key) => props.onChange(key)}
    />
  );
}

const WIDGETS = { suggest: SuggestWidget, scoreModel: ScoreModelWidget };
/** Node kinds whose fields name one of the tenant's things the generic schema cannot know about. */
const KIND_UI: Record<string, UiSchema> = { 'score.model': { model: { 'ui:widget': 'scoreModel' } } };
const FIELDS = { condition: ConditionField, duration: DurationField };
const TEMPLATES = { ButtonTemplates: buttonTemplates, ArrayFieldItemTemplate: ArrayItem };

/** `cases[2].value` → rjsf's nested error schema with the message at that field. */
export function errorSchemaFor(problems: Problem[], lang: 'zh' | 'en'): ErrorSchema {
  const root: Record<string, unknown> = {};
  for (const p of problems) {
    const parts = (p.field ?? '').split(/[.[\]]+/).filter(Boolean);
    let at = root;
    for (const part of parts) at = (at[part] ??= {}) as Record<string, unknown>;
    // The form shows every entry as an error: a warning is marked as one (it never blocks a publication).
    ((at.__errors ??= []) as string[]).push(p.severity === 'warning' ? `⚠ ${p.message[lang]}` : p.message[lang]);
  }
  return root as ErrorSchema;
}

/** The id rjsf gives the input of a config field path: `cases[2].value` → `root_cases_2_value`. */
export const fieldElementId = (field: string | undefined): string => ['root', ...(field ?? '').split(/[.[\]]+/).filter(Boolean)].join('_');

export interface InspectorProps {
  node: DocNode | undefined;
  problems: Problem[];
  values: TenantValues;
  readOnly?: boolean;
  focusField?: { nodeId: string; field?: string; seq: number } | null;
  onChange(id: string, data: unknown): void;
  onLabel?(id: string, label: string): void;
}

/** The selected node's config as a form generated from the catalog's JSON Schema. */
export function Inspector({ node, problems, values, readOnly, focusField, onChange }: InspectorProps) {
  const lang = useLang();
  const { t } = useTranslation('policy');
  const info = node ? kindInfo(node.type) : undefined;
  const adapter = info ? formAdapter(info.kind) : undefined;
  const schema = useMemo(() => {
    if (!info) return undefined;
    const local = localiseSchema(info.configSchema, lang) as RJSFSchema;
    return (adapter ? adapter.schema(local as Record<string, unknown>) : local) as RJSFSchema;
  }, [info, lang, adapter]);
  const uiSchema = useMemo(
    () => (info ? { ...uiSchemaFor(info.configSchema, undefined, undefined, lang), ...KIND_UI[info.kind], 'ui:submitButtonOptions': { norender: true } } : {}),
    [info, lang],
  );
  const formData = useMemo(() => {
    const data = (node?.data ?? {}) as Record<string, unknown>;
    return adapter ? adapter.toForm(data) : data;
  }, [node?.data, adapter]);
  const mine = useMemo(() => problems.filter((p) => p.nodeId !== undefined && p.nodeId === node?.id), [problems, node?.id]);
  const extraErrors = useMemo(
    () =>
      errorSchemaFor(
        mine.filter((p) => p.field).map((p) => (info ? { ...p, field: formField(info.kind, p.field) } : p)),
        lang,
      ),
    [mine, lang, info],
  );
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!focusField || !node || focusField.nodeId !== node.id || !host.current) return;
    // The field named, else its nearest parent that has an input, else the first input.
    let id = fieldElementId(formField(node.type, focusField.field));
    let el: HTMLElement | null = null;
    while (!el && id) {
      el = host.current.querySelector<HTMLElement>(`[id="${id}"]`) ?? host.current.querySelector<HTMLElement>(`[id^="${id}_"]`);
      if (el && !/^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(el.tagName)) el = el.querySelector('input, select, textarea');
      id = id.includes('_') ? id.slice(0, id.lastIndexOf('_')) : '';
    }
    (el ?? host.current.querySelector<HTMLElement>('input, select, textarea'))?.focus();
  }, [focusField, node]);

  if (!node)
    return (
      <aside className="inspector" aria-label={t('inspector.title')}>
        <p className="help">{t('inspector.nothing')}</p>
      </aside>
    );
  return (
    <aside className="inspector" aria-label={t('inspector.title')} ref={host}>
      <h2>{info ? info.labels[lang] : node.type}</h2>
      <p className="help">{info ? info.help[lang] : t('inspector.unknownKind', { kind: node.type })}</p>
      <p className="node-id">
        {t('inspector.nodeId')}: <code>{node.id}</code>
      </p>
      {mine
        .filter((p) => !p.field)
        .map((p, i) => (
          <p key={i} className="field-error" role="alert">
            {p.message[lang]}
          </p>
        ))}
      {schema && (
        <Form
          key={`${node.id}:${lang}`}
          schema={schema}
          uiSchema={uiSchema}
          formData={formData}
          validator={validator}
          widgets={WIDGETS}
          fields={FIELDS}
          templates={TEMPLATES}
          formContext={{ values }}
          extraErrors={extraErrors}
          extraErrorsBlockSubmit={false}
          showErrorList={false}
          noHtml5Validate
          readonly={readOnly}
          experimental_defaultFormStateBehavior={{ emptyObjectFields: 'skipDefaults', arrayMinItems: { populate: 'never' } }}
          onChange={(e) =>
            onChange(node.id, adapter ? adapter.fromForm(e.formData as Record<string, unknown>, (node.data ?? {}) as Record<string, unknown>) : e.formData)
          }
        />
      )}
    </aside>
  );
}
