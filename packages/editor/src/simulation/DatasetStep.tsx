import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../decisions/useLoad.js';
import { useFormat } from '../format/useFormat.js';
import { datasetColumns, getDataset, guessMapping, listDatasets, previewDataset, saveMapping } from './api.js';
import { DatasetPanel } from './DatasetPanel.js';
import { MappingForm } from './MappingForm.js';
import { columnProblems, fromMapping, headerOptionsOf } from './mappingForm.js';
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
  /**
   * An uploaded dataset to open (remembered from before, or the one the page was opened for): chosen
   * as if picked from the list, once the list has it. Another value later opens that one.
   */
  open?: string | null;
}

/**
 * The data steps shared by the Simulation and the Models pages: upload (or pick an uploaded
 * dataset) → guess and correct the mapping with a live preview → save the mapping.
 */
export function DatasetStep({ onReady, problem: given = null, open = null }: Props) {
  const { t } = useTranslation(namespace);
  const format = useFormat();
  const queries = useQueryClient();
  const [datasetId, setDatasetIdOnly] = useState<string | null>(null);
  // The dataset chosen last: what a guess or a read for another one (still under way when another was chosen) must not overwrite.
  const chosen = useRef<string | null>(null);
  const setDatasetId = (id: string | null) => {
    chosen.current = id;
    setDatasetIdOnly(id);
  };
  const [guess, setGuess] = useState<GuessAnswer | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [saved, setSaved] = useState(false);
  const [own, setProblem] = useState<unknown>(null);
  const problem = own ?? given;
  // The mapping as the form has it now: its file options say how the headers read, its column fields are checked against them.
  const [current, setCurrent] = useState<Mapping | null>(null);
  const headerOptions = useMemo(() => (current ? headerOptionsOf(current) : {}), [current]);
  const columns = useQuery({
    queryKey: ['dataset-columns', datasetId, JSON.stringify(headerOptions)],
    queryFn: () => datasetColumns(datasetId!, headerOptions),
    enabled: datasetId !== null,
    // Without them (an older server) the column fields stay free text.
    retry: false,
    // While another read of the same dataset's files comes (a delimiter changed), the last columns stay.
    placeholderData: (previous, last) => (last?.queryKey[1] === datasetId ? previous : undefined),
  });
  const fileColumns = datasetId !== null ? columns.data : undefined;
  const columnsWrong = useMemo(() => (current ? columnProblems(fromMapping(current), fileColumns).length > 0 : false), [current, fileColumns]);
  // A saved mapping naming a column the files lack (they were uploaded again since) is not ready either.
  const ready = saved && !columnsWrong;
  useEffect(() => onReady(datasetId, ready, preview?.roster ?? null), [datasetId, ready, preview, onReady]);
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
      if (chosen.current !== id) return;
      setGuess(g);
      setCurrent(g.mapping);
      await runPreview(id, g.mapping);
    } catch (e) {
      if (chosen.current === id) setProblem(e);
    } finally {
      setBusy(null);
    }
  };

  const onChange = (mapping: Mapping) => {
    setSaved(false);
    setCurrent(mapping);
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
    setCurrent(mapping);
    await runPreview(datasetId, mapping);
  };

  const datasets = useQuery({ queryKey: ['datasets'], queryFn: listDatasets });
  // A dataset uploaded before: its saved mapping (or a fresh guess) and its preview, ready to run again.
  const onExisting = async (id: string) => {
    if (timer.current) clearTimeout(timer.current);
    setDatasetId(id || null);
    setGuess(null);
    setCurrent(null);
    setPreview(null);
    setSaved(false);
    setProblem(null);
    if (!id) return;
    try {
      const dataset = await getDataset(id);
      if (chosen.current !== id) return;
      if (!dataset.mapping) return void (await onGuess(id));
      setGuess({ mapping: dataset.mapping, notes: [] });
      setCurrent(dataset.mapping);
      setSaved(true);
      await runPreview(id);
    } catch (e) {
      if (chosen.current === id) setProblem(e);
    }
  };

  // The dataset to open, once the list says it is still there (a remembered one may have been deleted since).
  const [gone, setGone] = useState<string | null>(null);
  const opened = useRef<string | null>(null);
  const openExisting = useRef(onExisting);
  openExisting.current = onExisting;
  useEffect(() => {
    if (!open || opened.current === open || !datasets.data) return;
    opened.current = open;
    if (datasets.data.some((d) => d.id === open)) {
      setGone(null);
      void openExisting.current(open);
    } else setGone(open);
  }, [open, datasets.data]);

  return (
    <>
      {gone && (
        <p className="muted" role="status" data-testid="dataset-gone">
          {t('dataset.gone', { id: gone })}
        </p>
      )}
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
          setCurrent(null);
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
            <MappingForm
              initial={guess.mapping}
              notes={guess.notes}
              columns={fileColumns}
              onChange={onChange}
              onSave={(m) => void onSave(m)}
              saving={busy === 'save'}
            />
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
