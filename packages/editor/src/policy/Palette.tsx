import { useTranslation } from 'react-i18next';
import { paletteGroups } from './catalog';
import { useLang } from './useLang';

export const DRAG_TYPE = 'application/x-sluice-kind';

/** Node kinds by group: drag one onto the canvas, or focus it and press Enter to add it after the selected node. */
export function Palette({ onInsert, disabled }: { onInsert(kind: string): void; disabled?: boolean }) {
  const lang = useLang();
  const { t } = useTranslation('policy');
  return (
    <nav className="palette" aria-label={t('palette.title')}>
      <p className="palette-hint">{t('palette.hint')}</p>
      {paletteGroups().map(({ group, kinds }) => (
        <section key={group} aria-labelledby={`palette-${group}`}>
          <h3 id={`palette-${group}`}>{t(`group.${group}`)}</h3>
          {kinds.map((k) => (
            <button
              key={k.kind}
              type="button"
              draggable={!disabled}
              disabled={disabled}
              data-kind={k.kind}
              title={k.help[lang]}
              onDragStart={(e) => {
                e.dataTransfer.setData(DRAG_TYPE, k.kind);
                e.dataTransfer.effectAllowed = 'copy';
              }}
              onClick={() => onInsert(k.kind)}
            >
              {k.labels[lang]}
            </button>
          ))}
        </section>
      ))}
    </nav>
  );
}
