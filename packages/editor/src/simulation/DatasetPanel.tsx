import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format/useFormat.js';
import { createDataset, uploadFile } from './api.js';
import { namespace } from './messages.js';
import { type DatasetFile, FILE_KINDS, type FileKind } from './types.js';

interface Props {
  disabled?: boolean;
  onUploaded: (datasetId: string, files: DatasetFile[]) => void;
  onError: (error: unknown) => void;
}

/** Pick the export files (leads required, the others optional) and stream them into a new dataset. */
export function DatasetPanel({ disabled = false, onUploaded, onError }: Props) {
  const { t } = useTranslation(namespace);
  const format = useFormat();
  const [name, setName] = useState(() => t('dataset.defaultName', { date: format.date(Date.now()) }));
  const [files, setFiles] = useState<Partial<Record<FileKind, File>>>({});
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<DatasetFile[]>([]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!files.leads) return;
    setBusy(true);
    setDone([]);
    try {
      const dataset = await createDataset(name.trim() || 'dataset');
      const uploaded: DatasetFile[] = [];
      // One after the other: each is a long stream, and the leads file is the one that must arrive.
      for (const kind of FILE_KINDS) {
        const file = files[kind];
        if (!file) continue;
        const answer = await uploadFile(dataset.id, kind, file);
        uploaded.push({ ...answer, kind, fileName: answer.fileName ?? file.name });
        setDone([...uploaded]);
      }
      onUploaded(dataset.id, uploaded);
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="sim-dataset" onSubmit={submit} aria-label={t('steps.data')} data-form="dataset">
      <fieldset disabled={disabled || busy}>
        <legend>{t('steps.data')}</legend>
        <label className="field">
          <span>{t('dataset.name')}</span>
          <input name="datasetName" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <div className="sim-grid">
          {FILE_KINDS.map((kind) => (
            <label className="field" key={kind}>
              <span>{t(`dataset.file.${kind}`)}</span>
              <input
                type="file"
                name={`file-${kind}`}
                accept=".csv,.tsv,.txt,.jsonl,.ndjson,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                onChange={(e) => setFiles({ ...files, [kind]: e.target.files?.[0] })}
              />
            </label>
          ))}
        </div>
        <p className="muted" data-hint="workbook">
          {t('dataset.workbookHint')}
        </p>
        <button type="submit" className="button button-primary" disabled={!files.leads} data-action="upload">
          {busy ? t('dataset.uploading') : t('dataset.upload')}
        </button>
        {!files.leads && <span className="muted"> {t('dataset.needLeads')}</span>}
      </fieldset>
      {done.length > 0 && (
        <div role="status">
          <ul className="plain">
            {done.map((f) => (
              <li key={f.kind} data-uploaded={f.kind}>
                {t('dataset.uploaded', { file: f.fileName ?? f.kind, size: `${format.number(f.bytes / 1024, { maximumFractionDigits: 1 })} KB` })}
              </li>
            ))}
          </ul>
        </div>
      )}
    </form>
  );
}
