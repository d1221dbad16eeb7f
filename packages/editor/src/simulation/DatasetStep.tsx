import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../decisions/useLoad.js';
import { useFormat } from '../format/useFormat.js';
import { getDataset, guessMapping, listDatasets, previewDataset, saveMapping } from './api.js';
import { DatasetPanel } from './DatasetPanel.js';
import { MappingForm } from './MappingForm.js';
import { namespace } from './messages.js';
import { PreviewPanel } from './PreviewPanel.js';
import type { GuessAnswer, Mapping, Preview } from './types.js';

/** How long typing pauses before the preview is asked again. */
const PREVIEW_DELAY_MS = 600;

interface Props {
  /** The dataset chosen and whether its mapping is saved (what a run or a training reads). */
  /** `roster`: the reps the preview imported (null until a preview has), for the candidates' check. */
  onReady: (datasetId: string | null, saved: boolean, roster: Preview['roster'] | null) => void;
  /** A problem from a later step (starting the run), shown where the data's problems are. */
  problem?: unknown;
}

/**
 * The data steps shared by the Simulation and the Models pages: upload (or pick an uploaded
 * dataset) → guess and correct the mapping with a live preview → save the mapping.
 */
export function DatasetStep({ onReady, problem: given = null }: Props) {
  const { t } = useTranslation(namespace);
  const format = useFormat();
  const queries = useQueryClient();
  const [datasetId, setDatasetId] = useState<string | null>(null);
  const [guess, setGuess] = useState<GuessAnswer | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [saved, setSaved] = useState(false);
  const [own, setProblem] = useState<unknown>(null);
  const problem = own ?? given;
  useEffect(() => onReady(datasetId, saved, preview?.roster ?? null), [datasetId, saved, preview, onReady]);
  const [busy, setBusy] = useState<'guess' | 'save' | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const round = useRef(0);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  const runPreview = async (id: string, mapping?: Mapping) => {
    const mine = ++round.current;
    try {
      const p = await previewDataset(id, mapping);
      if (mine === round.current) {
        setPreview(p);
        setProblem(null);
      }
    } catch (e) {
      if (mine === round.current) setProblem(e);
    }
  };

  const onGuess = async (id: string) => {
    setBusy('guess');
    setProblem(null);
    try {
      const g = await guessMapping(id);
      setGuess(g);
      await runPreview(id, g.mapping);
    } catch (e) {
      setProblem(e);
    } finally {
      setBusy(null);
    }
  };

  const onChange = (mapping: Mapping) => {
    setSaved(false);
    if (!datasetId) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void runPreview(datasetId, mapping), PREVIEW_DELAY_MS);
  };

  const onSave = async (mapping: Mapping) => {
    if (!datasetId) return;
    if (timer.current) clearTimeout(timer.current);
    setBusy('save');
    try {
      await saveMapping(datasetId, mapping);
      setSaved(true);
      await runPreview(datasetId);
    } catch (e) {
      setProblem(e);
    } finally {
      setBusy(null);
    }
  };

  // A mapping file written before (for the CLI, or by a colleague) replaces the guess.
  const onMappingFile = async (file: File | undefined) => {
    if (!file || !datasetId) return;
    let mapping: Mapping;
    try {
      mapping = JSON.parse(await file.text()) as Mapping;
      if (!mapping || typeof mapping !== 'object' || !mapping.leads?.columns) throw new Error('shape');
    } catch {
      setProblem(new Error(t('mapping.badFile', { file: file.name })));
      return;
    }
    setProblem(null);
    setSaved(false);
    setGuess({ mapping, notes: [] });
    await runPreview(datasetId, mapping);
  };

  const datasets = useQuery({ queryKey: ['datasets'], queryFn: listDatasets });
  // A dataset uploaded before: its saved mapping (or a fresh guess) and its preview, ready to run again.
  const onExisting = async (id: string) => {
    if (timer.current) clearTimeout(timer.current);
    setDatasetId(id || null);
    setGuess(null);
    setPreview(null);
    setSaved(false);
    setProblem(null);
    if (!id) return;
    try {
      const dataset = await getDataset(id);
      if (!dataset.mapping) return void (await onGuess(id));
      setGuess({ mapping: dataset.mapping, notes: [] });
      setSaved(true);
      await runPreview(id);
    } catch (e) {
      setProblem(e);
    }
  };

  return (
    <>
      {datasets.data && datasets.data.length > 0 && (
        <label className="field sim-existing">
          <span>{t('dataset.existing')}</span>
          <select value={datasetId ?? ''} onChange={(e) => void onExisting(e.target.value)} data-testid="existing-dataset">
            <option value="">{t('dataset.none')}</option>
            {datasets.data.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name} · {format.dateTime(d.createdAt)}
              </option>
            ))}
          </select>
        </label>
      )}
      <DatasetPanel
        onUploaded={(id) => {
          void queries.invalidateQueries({ queryKey: ['datasets'] });
          setDatasetId(id);
          setGuess(null);
          setPreview(null);
          setSaved(false);
          void onGuess(id);
        }}
        onError={setProblem}
      />
      {datasetId && (
        <div className="sim-actions">
          <button type="button" className="button" disabled={busy !== null} onClick={() => void onGuess(datasetId)} data-action="guess">
            {busy === 'guess' ? t('dataset.guessing') : t('dataset.guess')}
          </button>
          <label className="field">
            <span>{t('mapping.file')}</span>
            <input type="file" name="mapping-file" accept=".json,application/json" onChange={(e) => void onMappingFile(e.target.files?.[0])} />
          </label>
        </div>
      )}
      {problem !== null && (
        <p role="alert" className="error-text" data-problem>
          {t('error', { message: errorText(problem, format.lang) })}
        </p>
      )}

      {/* Always shown, so the steps read 1, 2, 3: empty until there are files to map. */}
      <section aria-labelledby="sim-mapping-title" className="sim-step">
        <h2 id="sim-mapping-title">{t('steps.mapping')}</h2>
        {guess ? (
          <div className="sim-mapping-grid">
            <MappingForm initial={guess.mapping} notes={guess.notes} onChange={onChange} onSave={(m) => void onSave(m)} saving={busy === 'save'} />
            {preview && <PreviewPanel preview={preview} />}
          </div>
        ) : (
          <p className="muted" data-hint="mapping-later">
            {t('steps.mappingLater')}
          </p>
        )}
      </section>
    </>
  );
}
