import './admin.css';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { can, useSession } from '../app/session.js';
import { KeysPanel } from './KeysPanel.js';
import { namespace } from './messages.js';
import { TenantPanel } from './TenantPanel.js';
import { UsersPanel } from './UsersPanel.js';
import { WebhooksPanel } from './WebhooksPanel.js';

const TABS = ['users', 'keys', 'webhooks', 'tenant'] as const;
type Tab = (typeof TABS)[number];

/** Users and roles, API keys, webhooks, the tenant's name and time zone: admin only (the router guards it; the server refuses anyway). */
export default function AdminPage() {
  const { t } = useTranslation(namespace);
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'users';
  const enabled = can(user?.role, 'admin');
  return (
    <div className="admin-page">
      <h1>{t('title')}</h1>
      {!enabled && <p className="alert">{t('notAdmin')}</p>}
      <nav className="admin-tabs" aria-label={t('title')}>
        {TABS.map((name) => (
          <button
            key={name}
            type="button"
            className={`button${tab === name ? ' button-primary' : ''}`}
            aria-current={tab === name ? 'page' : undefined}
            onClick={() => setParams({ tab: name }, { replace: true })}
            data-tab={name}
          >
            {t(`tabs.${name}`)}
          </button>
        ))}
      </nav>
      {enabled && tab === 'users' && <UsersPanel enabled={enabled} />}
      {enabled && tab === 'keys' && <KeysPanel enabled={enabled} />}
      {enabled && tab === 'webhooks' && <WebhooksPanel enabled={enabled} />}
      {enabled && tab === 'tenant' && <TenantPanel enabled={enabled} />}
    </div>
  );
}
