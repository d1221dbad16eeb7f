import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { errorText, useLoad } from '../decisions/useLoad.js';
import { useFormat } from '../format/useFormat.js';
import { namespace } from './messages.js';
import { OneTimeSecret } from './OneTimeSecret.js';

/** The server's key scopes (auth/keys.ts SCOPES). */
export const SCOPES = ['decide', 'read', 'edit', 'publish', 'admin'] as const;

interface Key {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  revokedAt: string | null;
}

/** API keys: the secret is shown once at creation; the list only ever has the prefix. */
export function KeysPanel({ enabled }: { enabled: boolean }) {
  const { t } = useTranslation(namespace);
  const format = useFormat();
  const list = useLoad<{ keys: Key[] }>('/v1/keys');
  const [secret, setSecret] = useState<{ name: string; key: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);

  const create = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const scopes = f.getAll('scopes').map(String);
    setError(null);
    if (scopes.length === 0) {
      setError(t('keys.needScope'));
      return;
    }
    try {
      const made = await api<Key & { key: string }>('POST', '/v1/keys', { name: String(f.get('name') ?? '').trim(), scopes });
      setSecret({ name: made.name, key: made.key });
      form.reset();
      list.reload();
    } catch (err) {
      setError(t('error', { message: errorText(err, format.lang) }));
    }
  };

  const revoke = async (k: Key) => {
    setConfirming(null);
    try {
      await api('DELETE', `/v1/keys/${encodeURIComponent(k.id)}`);
      list.reload();
    } catch (err) {
      setError(t('error', { message: errorText(err, format.lang) }));
    }
  };

  return (
    <section aria-labelledby="keys-heading">
      <h2 id="keys-heading">{t('tabs.keys')}</h2>
      {secret && <OneTimeSecret label={t('keys.secretFor', { name: secret.name })} secret={secret.key} onDone={() => setSecret(null)} />}
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {list.data && list.data.keys.length === 0 && <p className="muted">{t('keys.empty')}</p>}
      {list.data && list.data.keys.length > 0 && (
        <table className="admin-table">
          <thead>
            <tr>
              <th scope="col">{t('keys.name')}</th>
              <th scope="col">{t('keys.prefix')}</th>
              <th scope="col">{t('keys.scopes')}</th>
              <th scope="col">{t('keys.created')}</th>
              <th scope="col">{t('keys.status')}</th>
              <th scope="col">{t('actions')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.keys.map((k) => (
              <tr key={k.id} data-key={k.name}>
                <td>{k.name}</td>
                <td className="mono">{k.prefix}…</td>
                <td>{k.scopes.join(', ')}</td>
                <td>{format.dateTime(k.createdAt)}</td>
                <td>{k.revokedAt ? t('keys.revoked', { at: format.dateTime(k.revokedAt) }) : t('keys.active')}</td>
                <td className="row-actions">
                  {!k.revokedAt &&
                    (confirming === k.id ? (
                      <>
                        <span>{t('keys.confirmRevoke', { name: k.name })}</span>{' '}
                        <button type="button" className="button button-danger" onClick={() => void revoke(k)}>
                          {t('keys.confirm')}
                        </button>{' '}
                        <button type="button" className="button" onClick={() => setConfirming(null)}>
                          {t('keys.cancel')}
                        </button>
                      </>
                    ) : (
                      <button type="button" className="button" disabled={!enabled} onClick={() => setConfirming(k.id)}>
                        {t('keys.revoke')}
                      </button>
                    ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {enabled && (
        <form className="admin-create card" onSubmit={(e) => void create(e)} aria-labelledby="new-key-heading">
          <h3 id="new-key-heading">{t('keys.createHeading')}</h3>
          <div className="field">
            <label htmlFor="new-key-name">{t('keys.name')}</label>
            <input id="new-key-name" name="name" required maxLength={100} autoComplete="off" />
          </div>
          <fieldset className="checks">
            <legend>{t('keys.scopes')}</legend>
            {SCOPES.map((s) => (
              <label key={s}>
                <input type="checkbox" name="scopes" value={s} defaultChecked={s === 'decide'} /> {t(`keys.scope.${s}`)}
              </label>
            ))}
          </fieldset>
          <button type="submit" className="button button-primary">
            {t('keys.create')}
          </button>
        </form>
      )}
    </section>
  );
}
