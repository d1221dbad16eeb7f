import { compilePolicy, type PolicyDocument } from '@sluice/engine';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ApiError } from '../api/client.js';
import { can, useSession } from '../app/session.js';
import { useFormat } from '../format/useFormat.js';
import { actorText, policyLog, policyVersions, saveDraft, type LogEntry, type VersionInfo } from './api.js';
import { namespace } from './messages.js';
import { NoteField, noteGiven } from './NoteField.js';
import { VersionDiff } from './VersionDiff.js';
import { WithdrawForm } from './WithdrawForm.js';
import { EvidenceSelect, evidenceFromAddress } from '../simulation/EvidenceSelect.js';
import { publishRefusalOf, type PublishRefusal } from '../policyTests/api.js';
import { PublishRefused } from '../policyTests/PublishRefused.js';
import './policies.css';

interface Props {
  policyKey: string;
  doc: PolicyDocument;
  /** Puts a published version's document into the editor (as the draft being edited). */
  onLoad: (doc: PolicyDocument) => void;
}

/** Publish with a note, the change log, a diff of any two versions on the canvas, rollback, and withdrawing the live version. */
export function VersionsPanel({ policyKey, doc, onLoad }: Props) {
  const { t, i18n } = useTranslation(namespace);
  const zh = i18n.language?.startsWith('zh');
  const format = useFormat();
  const { user } = useSession();
  const mayPublish = can(user?.role, 'publish');
  const [versions, setVersions] = useState<VersionInfo[]>([]);
  const evidenceOf = (version: number) => versions.find((v) => v.version === version)?.evidence?.simulationId;
  const [log, setLog] = useState<LogEntry[]>([]);
  const [note, setNote] = useState('');
  // A simulation attached as the publication's evidence (S31), preselected by the simulation page's link.
  const [evidence, setEvidence] = useState(evidenceFromAddress);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'problem'; text: string } | null>(null);
  const [rollbackTo, setRollbackTo] = useState<number | null>(null);
  const [rollbackNote, setRollbackNote] = useState('');
  // The live version being withdrawn: its inline confirmation is open.
  const [withdrawing, setWithdrawing] = useState<number | null>(null);
  // A publish refused because test cases fail or routing policies overlap (409 tests-failing,
  // routing-overlap): offered again with a reason.
  const [refusal, setRefusal] = useState<PublishRefusal | null>(null);
  // A rollback refused the same way (it passes the same overlap gate): offered again with a reason or withdrawing them.
  const [rollbackRefusal, setRollbackRefusal] = useState<{ version: number; refusal: PublishRefusal } | null>(null);

  // Compiled in the browser with the server's own compiler: a draft with errors is not offered for publishing.
  const compiled = useMemo(() => compilePolicy(doc), [doc]);
  const problemText = (e: unknown) => (e instanceof ApiError ? (zh ? (e.detailZh ?? e.detail) : e.detail) : String(e));

  const reload = useCallback(async () => {
    try {
      const [v, l] = await Promise.all([policyVersions(policyKey), policyLog(policyKey)]);
      setVersions(v);
      setLog(l);
    } catch (e) {
      // A policy never saved has no versions yet.
      if (!(e instanceof ApiError && e.status === 404)) setMessage({ kind: 'problem', text: problemText(e) });
    }
  }, [policyKey]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const versionDoc = (n: number) =>
    api<{ document: PolicyDocument }>('GET', `/v1/policies/${encodeURIComponent(policyKey)}/versions/${n}`).then((v) => v.document);

  /** Publishes the canvas; with a reason over a refusal, or taking the policies it replaces offline with it. */
  async function publish(e: React.FormEvent | null, overrideReason?: string, withdraw?: readonly string[]) {
    e?.preventDefault();
    if (!mayPublish || !compiled.ok || !noteGiven(note)) return;
    setBusy(true);
    setMessage(null);
    try {
      // What is on the canvas is what gets published: the server publishes its stored draft.
      await saveDraft(doc);
      const r = await api<{ version: number }>('POST', `/v1/policies/${encodeURIComponent(policyKey)}/publish`, {
        note: note.trim(),
        ...(evidence ? { evidence: { simulationId: evidence } } : {}),
        ...(overrideReason ? { override: { reason: overrideReason } } : {}),
        ...(withdraw && withdraw.length > 0 ? { withdraw } : {}),
      });
      setNote('');
      setEvidence('');
      setRefusal(null);
      setMessage({ kind: 'ok', text: t('versions.published', { version: r.version }) });
      await reload();
    } catch (err) {
      const refused = publishRefusalOf(err);
      setRefusal(refused);
      if (!refused) setMessage({ kind: 'problem', text: problemText(err) });
    } finally {
      setBusy(false);
    }
  }

  async function rollback(e: React.FormEvent | null, overrideReason?: string, withdraw?: readonly string[]) {
    e?.preventDefault();
    if (rollbackTo === null || !noteGiven(rollbackNote)) return;
    setBusy(true);
    setMessage(null);
    try {
      await api('POST', `/v1/policies/${encodeURIComponent(policyKey)}/rollback`, {
        version: rollbackTo,
        note: rollbackNote.trim(),
        ...(overrideReason ? { override: { reason: overrideReason } } : {}),
        ...(withdraw && withdraw.length > 0 ? { withdraw } : {}),
      });
      setMessage({ kind: 'ok', text: t('versions.rolledBack', { version: rollbackTo }) });
      setRollbackTo(null);
      setRollbackNote('');
      setRollbackRefusal(null);
      await reload();
    } catch (err) {
      const refused = publishRefusalOf(err);
      setRollbackRefusal(refused ? { version: rollbackTo, refusal: refused } : null);
      if (!refused) setMessage({ kind: 'problem', text: problemText(err) });
    } finally {
      setBusy(false);
    }
  }

  const live = versions.find((v) => v.live)?.version ?? null;
  const errorCount = compiled.ok ? 0 : compiled.errors.length;

  return (
    <section className="versions-panel" aria-label={t('versions.title')}>
      <form className="publish-form" onSubmit={publish}>
        <h3>{t('versions.publishTitle')}</h3>
        {!mayPublish && (
          <p className="muted" data-testid="publish-not-allowed">
            {t('versions.notAllowed')}
          </p>
        )}
        {errorCount > 0 && (
          <p className="problem" data-testid="publish-blocked">
            {t('versions.hasErrors', { count: errorCount })}
          </p>
        )}
        <NoteField value={note} onChange={setNote} disabled={!mayPublish} testId="publish-note" />
        <EvidenceSelect value={evidence} onChange={setEvidence} disabled={!mayPublish} />
        <button type="submit" className="primary" disabled={!mayPublish || busy || errorCount > 0 || !noteGiven(note)} data-testid="publish">
          {t('versions.publish')}
        </button>
      </form>
      {refusal && (
        <PublishRefused
          failing={refusal.failing}
          overlaps={refusal.overlaps}
          policyKey={policyKey}
          busy={busy}
          onOverride={(reason) => void publish(null, reason)}
          onReplace={(keys) => void publish(null, undefined, keys)}
          onCancel={() => setRefusal(null)}
        />
      )}
      {message && (
        <p role={message.kind === 'problem' ? 'alert' : 'status'} className={message.kind === 'problem' ? 'problem' : 'ok'}>
          {message.text}
        </p>
      )}

      <h3>{t('versions.history')}</h3>
      {versions.length > 0 && live === null && (
        <p className="muted" data-testid="not-live">
          {t('versions.notLive')}
        </p>
      )}
      {log.length === 0 ? (
        <p className="muted">{t('versions.none')}</p>
      ) : (
        <table className="history-table" data-testid="history">
          <thead>
            <tr>
              <th scope="col">{t('versions.version')}</th>
              <th scope="col">{t('versions.action')}</th>
              <th scope="col">{t('versions.who')}</th>
              <th scope="col">{t('versions.when')}</th>
              <th scope="col">{t('versions.noteCol')}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {[...log].reverse().map((e, i) => (
              <tr key={i} data-version={e.version} data-action={e.action}>
                <td>
                  v{e.version} {e.version === live && e.action === 'publish' && <span className="live-badge">{t('versions.live')}</span>}
                </td>
                <td>{t(`action.${e.action}`)}</td>
                <td>{actorText(e)}</td>
                <td title={format.dateTime(e.at)}>{format.dateTime(e.at)}</td>
                <td className="note-cell">
                  {e.note}
                  {e.override?.reason && (
                    <span className="override-note" data-testid={`override-${e.version}`}>
                      {' '}
                      {t(e.override.failing?.length === 0 && e.override.overlaps?.length ? 'versions.overriddenOverlap' : 'versions.overridden', {
                        reason: e.override.reason,
                      })}
                    </span>
                  )}
                  {e.action === 'publish' && evidenceOf(e.version) && (
                    <>
                      {' '}
                      <Link to={`/simulations/${encodeURIComponent(evidenceOf(e.version)!)}`} data-testid={`evidence-${e.version}`}>
                        {t('versions.evidenceLink')}
                      </Link>
                    </>
                  )}
                </td>
                <td className="row-actions">
                  {e.action === 'publish' && (
                    <>
                      <button type="button" onClick={() => void versionDoc(e.version).then(onLoad)}>
                        {t('versions.load')}
                      </button>
                      {mayPublish && e.version !== live && (
                        <button
                          type="button"
                          onClick={() => {
                            setWithdrawing(null);
                            setRollbackTo(e.version);
                          }}
                          data-testid={`rollback-${e.version}`}
                        >
                          {t('versions.rollback')}
                        </button>
                      )}
                      {mayPublish && e.version === live && (
                        <button
                          type="button"
                          onClick={() => {
                            setRollbackTo(null);
                            setWithdrawing(e.version);
                          }}
                          data-testid={`withdraw-${e.version}`}
                        >
                          {t('versions.withdraw')}
                        </button>
                      )}
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rollbackTo !== null && (
        <form className="rollback-form" onSubmit={rollback} aria-label={t('versions.rollbackTitle', { version: rollbackTo })}>
          <h4>{t('versions.rollbackTitle', { version: rollbackTo })}</h4>
          <NoteField value={rollbackNote} onChange={setRollbackNote} autoFocus testId="rollback-note" />
          <button type="submit" className="primary" disabled={busy || !noteGiven(rollbackNote)} data-testid="rollback-confirm">
            {t('versions.rollbackConfirm', { version: rollbackTo })}
          </button>{' '}
          <button
            type="button"
            onClick={() => {
              setRollbackTo(null);
              setRollbackRefusal(null);
            }}
          >
            {t('cancel')}
          </button>
        </form>
      )}
      {rollbackRefusal && rollbackRefusal.version === rollbackTo && (
        <PublishRefused
          failing={rollbackRefusal.refusal.failing}
          overlaps={rollbackRefusal.refusal.overlaps}
          policyKey={policyKey}
          busy={busy}
          rollbackTo={rollbackRefusal.version}
          onOverride={(reason) => void rollback(null, reason)}
          onReplace={(keys) => void rollback(null, undefined, keys)}
          onCancel={() => setRollbackRefusal(null)}
        />
      )}

      {withdrawing !== null && (
        <WithdrawForm
          policyKey={policyKey}
          version={withdrawing}
          onCancel={() => setWithdrawing(null)}
          onWithdrawn={(version) => {
            setWithdrawing(null);
            setMessage({ kind: 'ok', text: t('versions.withdrawn', { version }) });
            void reload();
          }}
        />
      )}

      <VersionDiff policyKey={policyKey} doc={doc} versions={versions} />
    </section>
  );
}

export default VersionsPanel;
