import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { errorText, useLoad } from '../decisions/useLoad.js';
import { browserTimeZone, timeZoneNames } from '../format/timeZones.js';
import { setTenantZone, useFormat } from '../format/useFormat.js';
import { namespace } from './messages.js';

interface Tenant {
  id: string;
  name: string;
  timeZone: string;
  createdAt: string;
}

/**
 * The tenant's name and time zone. The zone is the clock daily caps and day counts run on and every
 * screen's dates are shown in: a tenant made on first start has UTC, which a team in Beijing must
 * change before its daily caps reset at 08:00 local time.
 */
export function TenantPanel({ enabled }: { enabled: boolean }) {
  const { t } = useTranslation(namespace);
  const format = useFormat();
  const tenant = useLoad<Tenant>('/v1/tenant');
  const [name, setName] = useState('');
  const [zone, setZone] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<Tenant | null>(null);
  const [busy, setBusy] = useState(false);
  const zonesId = useId();
  const local = browserTimeZone();

  useEffect(() => {
    if (!tenant.data) return;
    setName(tenant.data.name);
    setZone(tenant.data.timeZone);
  }, [tenant.data]);

  const save = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!tenant.data) return;
    setError(null);
    setSaved(null);
    const trimmed = zone.trim();
    if (!timeZoneNames().includes(trimmed)) {
      setError(t('tenant.unknownZone', { zone: trimmed }));
      return;
    }
    setBusy(true);
    try {
      const changed = await api<Tenant>('PATCH', '/v1/tenant', { name: name.trim(), timeZone: trimmed });
      // Every screen shows dates on the tenant's clock: from now on, this one.
      setTenantZone(changed.timeZone);
      setSaved(changed);
      tenant.reload();
    } catch (err) {
      setError(t('error', { message: errorText(err, format.lang) }));
    } finally {
      setBusy(false);
    }
  };

  if (tenant.error) return <p className="alert">{t('error', { message: errorText(tenant.error, format.lang) })}</p>;
  if (!tenant.data) return <p className="muted">{t('tenant.loading')}</p>;
  const differsFromBrowser = local !== undefined && local !== tenant.data.timeZone;

  return (
    <section className="admin-panel" aria-labelledby="tenant-title" data-panel="tenant">
      <h2 id="tenant-title">{t('tenant.title', { id: tenant.data.id })}</h2>
      {differsFromBrowser && (
        <p className="alert" data-hint="zone-differs">
          {t('tenant.zoneDiffers', { tenant: tenant.data.timeZone, browser: local })}
        </p>
      )}
      <form onSubmit={save} data-form="tenant">
        <fieldset disabled={!enabled || busy}>
          <label className="field">
            <span>{t('tenant.name')}</span>
            <input name="tenantName" value={name} required maxLength={200} onChange={(e) => setName(e.target.value)} />
          </label>
          <label className="field">
            <span>{t('tenant.timeZone')}</span>
            <input name="timeZone" list={zonesId} value={zone} required onChange={(e) => setZone(e.target.value)} autoComplete="off" />
            <datalist id={zonesId}>
              {timeZoneNames().map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
          </label>
          <p className="muted">{t('tenant.zoneHelp')}</p>
          {local !== undefined && local !== zone && (
            <button type="button" className="button" data-action="use-browser-zone" onClick={() => setZone(local)}>
              {t('tenant.useBrowserZone', { zone: local })}
            </button>
          )}{' '}
          <button type="submit" className="button button-primary" data-action="save-tenant">
            {t('tenant.save')}
          </button>
        </fieldset>
      </form>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      <p role="status" className="muted">
        {saved ? t('tenant.saved', { zone: saved.timeZone }) : ''}
      </p>
    </section>
  );
}
