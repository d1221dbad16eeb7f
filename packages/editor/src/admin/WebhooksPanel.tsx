import { DECISION_EVENT_TYPES } from '@sluice/engine';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { errorText, useLoad } from '../decisions/useLoad.js';
import { useFormat } from '../format/useFormat.js';
import { namespace } from './messages.js';
import { OneTimeSecret } from './OneTimeSecret.js';

/** The server's event types (the engine's DECISION_EVENT_TYPES); "*" is all of them, now and later. */
export const WEBHOOK_EVENTS = DECISION_EVENT_TYPES;

interface Webhook {
  id: string;
  url: string;
  eventTypes: string[];
  createdAt: string;
}

interface Delivery {
  id: number;
  outboxId: number;
  eventType: string | null;
  attempt: number;
  status: number | null;
  ok: boolean;
  error: string | null;
  at: string;
}

/** Webhook subscriptions: subscribe (signing secret shown once), delete, and each one's delivery log. */
export function WebhooksPanel({ enabled }: { enabled: boolean }) {
  const { t } = useTranslation(namespace);
  const format = useFormat();
  const list = useLoad<{ webhooks: Webhook[] }>('/v1/webhooks');
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);

  const create = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const eventTypes = f.getAll('eventTypes').map(String);
    setError(null);
    if (eventTypes.length === 0) {
      setError(t('webhooks.needEvent'));
      return;
    }
    try {
      const made = await api<Webhook & { secret: string }>('POST', '/v1/webhooks', { url: String(f.get('url') ?? '').trim(), eventTypes });
      setSecret({ url: made.url, secret: made.secret });
      form.reset();
      list.reload();
    } catch (err) {
      setError(t('error', { message: errorText(err, format.lang) }));
    }
  };

  const remove = async (w: Webhook) => {
    setConfirming(null);
    try {
      await api('DELETE', `/v1/webhooks/${encodeURIComponent(w.id)}`);
      if (open === w.id) setOpen(null);
      list.reload();
    } catch (err) {
      setError(t('error', { message: errorText(err, format.lang) }));
    }
  };

  return (
    <section aria-labelledby="webhooks-heading">
      <h2 id="webhooks-heading">{t('tabs.webhooks')}</h2>
      <p className="muted">{t('webhooks.signingHelp')}</p>
      {secret && <OneTimeSecret label={t('webhooks.secretFor', { url: secret.url })} secret={secret.secret} onDone={() => setSecret(null)} />}
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {list.data && list.data.webhooks.length === 0 && <p className="muted">{t('webhooks.empty')}</p>}
      {list.data && list.data.webhooks.length > 0 && (
        <table className="admin-table">
          <thead>
            <tr>
              <th scope="col">{t('webhooks.url')}</th>
              <th scope="col">{t('webhooks.events')}</th>
              <th scope="col">{t('webhooks.created')}</th>
              <th scope="col">{t('actions')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.webhooks.map((w) => (
              <WebhookRow
                key={w.id}
                hook={w}
                open={open === w.id}
                confirming={confirming === w.id}
                enabled={enabled}
                onToggle={() => setOpen(open === w.id ? null : w.id)}
                onConfirm={(yes) => setConfirming(yes ? w.id : null)}
                onDelete={() => void remove(w)}
              />
            ))}
          </tbody>
        </table>
      )}
      {enabled && (
        <form className="admin-create card" onSubmit={(e) => void create(e)} aria-labelledby="new-webhook-heading">
          <h3 id="new-webhook-heading">{t('webhooks.createHeading')}</h3>
          <div className="field">
            <label htmlFor="new-webhook-url">{t('webhooks.url')}</label>
            <input id="new-webhook-url" name="url" type="url" required placeholder="https://crm.example.com/hooks/sluice" autoComplete="off" />
          </div>
          <fieldset className="checks">
            <legend>{t('webhooks.events')}</legend>
            <label>
              <input type="checkbox" name="eventTypes" value="*" /> {t('webhooks.all')}
            </label>
            {WEBHOOK_EVENTS.map((e) => (
              <label key={e}>
                <input type="checkbox" name="eventTypes" value={e} defaultChecked={e === 'lead.assigned' || e === 'lead.reclaimed'} /> <code>{e}</code>
              </label>
            ))}
          </fieldset>
          <button type="submit" className="button button-primary">
            {t('webhooks.create')}
          </button>
        </form>
      )}
    </section>
  );
}

interface RowProps {
  hook: Webhook;
  open: boolean;
  confirming: boolean;
  enabled: boolean;
  onToggle(): void;
  onConfirm(yes: boolean): void;
  onDelete(): void;
}

function WebhookRow({ hook, open, confirming, enabled, onToggle, onConfirm, onDelete }: RowProps) {
  const { t } = useTranslation(namespace);
  const format = useFormat();
  return (
    <>
      <tr data-webhook={hook.url}>
        <td className="mono">{hook.url}</td>
        <td>{hook.eventTypes.join(', ')}</td>
        <td>{format.dateTime(hook.createdAt)}</td>
        <td className="row-actions">
          <button type="button" className="button" aria-expanded={open} aria-controls={`deliveries-${hook.id}`} onClick={onToggle}>
            {open ? t('webhooks.hideDeliveries') : t('webhooks.deliveries')}
          </button>{' '}
          {confirming ? (
            <>
              <span>{t('webhooks.confirmDelete', { url: hook.url })}</span>{' '}
              <button type="button" className="button button-danger" onClick={onDelete}>
                {t('webhooks.confirm')}
              </button>{' '}
              <button type="button" className="button" onClick={() => onConfirm(false)}>
                {t('webhooks.cancel')}
              </button>
            </>
          ) : (
            <button type="button" className="button" disabled={!enabled} onClick={() => onConfirm(true)}>
              {t('webhooks.delete')}
            </button>
          )}
        </td>
      </tr>
      {open && (
        <tr id={`deliveries-${hook.id}`}>
          <td colSpan={4}>
            <Deliveries id={hook.id} />
          </td>
        </tr>
      )}
    </>
  );
}

function Deliveries({ id }: { id: string }) {
  const { t } = useTranslation(namespace);
  const format = useFormat();
  const log = useLoad<{ deliveries: Delivery[] }>(`/v1/webhooks/${encodeURIComponent(id)}/deliveries?limit=100`);
  if (log.error) return <p className="error-text">{t('error', { message: errorText(log.error, format.lang) })}</p>;
  if (!log.data) return null;
  return (
    <div className="deliveries">
      <button type="button" className="button" onClick={log.reload}>
        {t('refresh')}
      </button>
      {log.data.deliveries.length === 0 ? (
        <p className="muted">{t('webhooks.noDeliveries')}</p>
      ) : (
        <table className="admin-table">
          <caption>{t('webhooks.deliveries')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('webhooks.at')}</th>
              <th scope="col">{t('webhooks.event')}</th>
              <th scope="col">{t('webhooks.attempt')}</th>
              <th scope="col">{t('webhooks.httpStatus')}</th>
              <th scope="col">{t('webhooks.result')}</th>
            </tr>
          </thead>
          <tbody>
            {log.data.deliveries.map((d) => (
              <tr key={d.id}>
                <td>
                  <time dateTime={d.at}>{format.dateTime(d.at)}</time>
                </td>
                <td>
                  {d.eventType ?? '—'} <span className="muted">#{d.outboxId}</span>
                </td>
                <td>{d.attempt}</td>
                <td>{d.status ?? t('webhooks.noAnswer')}</td>
                <td className={d.ok ? 'ok' : 'error-text'}>
                  {d.ok ? t('webhooks.ok') : t('webhooks.failed')}
                  {d.error && <span className="muted"> · {d.error}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
