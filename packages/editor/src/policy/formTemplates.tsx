import { getTemplate, type ArrayFieldItemTemplateProps, type IconButtonProps, type TemplatesType } from '@rjsf/utils';
import { useTranslation } from 'react-i18next';

type Action = 'add' | 'remove' | 'moveUp' | 'moveDown' | 'copy';

/**
 * rjsf's own buttons are glyph-font icons this product does not ship (offline, no CDN): they drew
 * as blank boxes with no name. These say what they do, in the chosen language.
 */
function TextButton({ action, props }: { action: Action; props: IconButtonProps }) {
  const { t } = useTranslation('policy');
  // Strip what rjsf passes for its own icon buttons so only button attributes reach the DOM.
  const { iconType: _type, icon: _icon, uiSchema: _ui, registry: _reg, className, title: _title, ...rest } = props;
  return (
    <button type="button" {...rest} className={['form-button', `form-button-${action}`, className].filter(Boolean).join(' ')}>
      {t(`inspector.${action}`)}
    </button>
  );
}

export const buttonTemplates: Partial<TemplatesType['ButtonTemplates']> = {
  AddButton: (p) => <TextButton action="add" props={p} />,
  RemoveButton: (p) => <TextButton action="remove" props={p} />,
  MoveUpButton: (p) => <TextButton action="moveUp" props={p} />,
  MoveDownButton: (p) => <TextButton action="moveDown" props={p} />,
  CopyButton: (p) => <TextButton action="copy" props={p} />,
};

/**
 * One list item: its field, then its buttons. Items carry no "Teams-1" title (see uiSchemaFor);
 * an item that is a group of fields is numbered so the user can tell them apart.
 */
export function ArrayItem(props: ArrayFieldItemTemplateProps) {
  const { children, className, buttonsProps, hasToolbar, index, registry, uiSchema } = props;
  const Buttons = getTemplate('ArrayFieldItemButtonsTemplate', registry, {});
  const numbered = (uiSchema as Record<string, unknown> | undefined)?.['ui:numbered'] === true;
  return (
    <div className={`${className} array-item`}>
      {numbered && <span className="array-item-number">{index + 1}.</span>}
      <div className="array-item-body">{children}</div>
      {hasToolbar && (
        <div className="array-item-buttons">
          <Buttons {...buttonsProps} />
        </div>
      )}
    </div>
  );
}
