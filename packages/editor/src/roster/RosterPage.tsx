import './roster.css';
import { useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { can, useSession } from '../app/session.js';
import { ENTITY_NAMES, type EntityName } from './columns.js';
import { EntityTab } from './EntityTab.js';
import { namespace } from './messages.js';

/** Reps, teams, pools and customers, one tab each; the tab is in the address (?tab=pools). */
export default function RosterPage() {
  const { t } = useTranslation(namespace);
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const tab = (ENTITY_NAMES as string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as EntityName) : 'reps';
  const tabs = useRef<Array<HTMLButtonElement | null>>([]);
  const select = (name: EntityName) => setParams({ tab: name }, { replace: true });

  // Arrow keys move between tabs (WAI-ARIA tabs pattern).
  const onKey = (e: KeyboardEvent, i: number) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    const j = (i + step + ENTITY_NAMES.length) % ENTITY_NAMES.length;
    select(ENTITY_NAMES[j]!);
    tabs.current[j]?.focus();
  };

  return (
    <div className="roster-page">
      <h1>{t('title')}</h1>
      <div role="tablist" aria-label={t('title')} className="tabs">
        {ENTITY_NAMES.map((name, i) => (
          <button
            key={name}
            ref={(el) => {
              tabs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${name}`}
            aria-selected={tab === name}
            aria-controls={`panel-${name}`}
            tabIndex={tab === name ? 0 : -1}
            onClick={() => select(name)}
            onKeyDown={(e) => onKey(e, i)}
          >
            {t(`tabs.${name}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        <EntityTab key={tab} entity={tab} canEdit={can(user?.role, 'editDraft')} />
      </div>
    </div>
  );
}
