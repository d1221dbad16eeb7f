import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { ROLES, type Role, useSession } from '../app/session.js';
import { errorText, useLoad } from '../decisions/useLoad.js';
import { useFormat } from '../format/useFormat.js';
import { namespace } from './messages.js';
import { OneTimeSecret } from './OneTimeSecret.js';

interface User {
  id: string;
  email: string;
  role: Role;
  mustChangePassword: boolean;
  createdAt: string;
}

/** Editor accounts: create (one-time password shown once), change a role, reset a password, delete. */
export function UsersPanel({ enabled }: { enabled: boolean }) {
  const { t } = useTranslation(namespace);
  const format = useFormat();
  const { user: me } = useSession();
  const list = useLoad<{ users: User[] }>('/v1/users');
  const [secret, setSecret] = useState<{ email: string; password: string } | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);

  const run = async (work: () => Promise<void>) => {
    setMessage(null);
    try {
      await work();
      list.reload();
    } catch (e) {
      setMessage({ ok: false, text: t('error', { message: errorText(e, format.lang) }) });
    }
  };

  const create = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    void run(async () => {
      const made = await api<User & { password: string }>('POST', '/v1/users', { email: String(f.get('email') ?? '').trim(), role: f.get('role') });
      setSecret({ email: made.email, password: made.password });
      form.reset();
    });
  };

  return (
    <section aria-labelledby="users-heading">
      <h2 id="users-heading">{t('tabs.users')}</h2>
      {secret && <OneTimeSecret label={t('users.passwordFor', { email: secret.email })} secret={secret.password} onDone={() => setSecret(null)} />}
      {message && (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'ok' : 'error-text'}>
          {message.text}
        </p>
      )}
      {list.error && <p className="error-text">{t('error', { message: errorText(list.error, format.lang) })}</p>}
      <table className="admin-table">
        <thead>
          <tr>
            <th scope="col">{t('users.email')}</th>
            <th scope="col">{t('users.role')}</th>
            <th scope="col">{t('users.status')}</th>
            <th scope="col">{t('users.created')}</th>
            <th scope="col">{t('actions')}</th>
          </tr>
        </thead>
        <tbody>
          {list.data?.users.map((u) => (
            <tr key={u.id} data-user={u.email}>
              <td>
                {u.email} {u.id === me?.id && <span className="muted">{t('users.you')}</span>}
              </td>
              <td>
                <select
                  className="input"
                  aria-label={t('users.changeRoleOf', { email: u.email })}
                  value={u.role}
                  disabled={!enabled}
                  onChange={(e) => {
                    const role = e.target.value as Role;
                    void run(async () => {
                      await api('PATCH', `/v1/users/${encodeURIComponent(u.id)}`, { role });
                      setMessage({ ok: true, text: t('users.roleChanged', { email: u.email, role: t(`roles.${role}`) }) });
                    });
                  }}
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {t(`roles.${r}`)}
                    </option>
                  ))}
                </select>
              </td>
              <td>{u.mustChangePassword ? t('users.mustChange') : t('users.active')}</td>
              <td>{format.dateTime(u.createdAt)}</td>
              <td className="row-actions">
                {confirming === u.id ? (
                  <>
                    <span>{t('users.confirmDelete', { email: u.email })}</span>{' '}
                    <button
                      type="button"
                      className="button button-danger"
                      onClick={() =>
                        void run(async () => {
                          setConfirming(null);
                          await api('DELETE', `/v1/users/${encodeURIComponent(u.id)}`);
                        })
                      }
                    >
                      {t('users.confirm')}
                    </button>{' '}
                    <button type="button" className="button" onClick={() => setConfirming(null)}>
                      {t('users.cancel')}
                    </button>
                  </>
                ) : (
                  <>
                    <button
                      type="button"
                      className="button"
                      disabled={!enabled}
                      onClick={() =>
                        void run(async () => {
                          const r = await api<User & { password?: string }>('PATCH', `/v1/users/${encodeURIComponent(u.id)}`, { resetPassword: true });
                          if (r.password) setSecret({ email: r.email, password: r.password });
                        })
                      }
                    >
                      {t('users.reset')}
                    </button>{' '}
                    <button type="button" className="button" disabled={!enabled || u.id === me?.id} onClick={() => setConfirming(u.id)}>
                      {t('users.delete')}
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {enabled && (
        <form className="admin-create card" onSubmit={create} aria-labelledby="new-user-heading">
          <h3 id="new-user-heading">{t('users.createHeading')}</h3>
          <div className="field">
            <label htmlFor="new-user-email">{t('users.email')}</label>
            <input id="new-user-email" name="email" required autoComplete="off" />
          </div>
          <div className="field">
            <label htmlFor="new-user-role">{t('users.role')}</label>
            <select id="new-user-role" name="role" defaultValue="editor">
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`roles.${r}`)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button button-primary">
            {t('users.create')}
          </button>
        </form>
      )}
    </section>
  );
}
