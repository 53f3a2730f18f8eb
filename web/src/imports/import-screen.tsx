import { createSignal, For, Match, onCleanup, Show, Switch } from 'solid-js';
import { A } from '@solidjs/router';
import { createQuery, useClient } from '@urql/solid';
import { FormError } from '../forms/form-fields.tsx';
import { outcomeOf, type MutationFailure } from '../mutation-outcome.ts';
import { acceptedExtensions, isSpreadsheetName, type MappingChoice } from './import-state.ts';
import {
  CommitImportMutation,
  DiscardImportMutation,
  ImportProgressQuery,
  ImportUnitsQuery,
  PreviewImportMutation,
  RemapImportMutation,
  mappingInput,
  type ImportKind,
  type ImportPreview,
} from './import-query.ts';
import { uploadContext } from './upload.ts';
import { MappingStep } from './mapping-step.tsx';
import { PreviewRows, OutcomeCounts } from './preview-step.tsx';
import { ProgressBar } from './progress-bar.tsx';
import { strings } from './strings.ts';
import './imports.css';

/** How often a running commit is asked how far it has got, in ms. */
const progressInterval = 250;

/** A failure of the file field, found before anything is sent. */
function fileFailure(message: () => string): MutationFailure {
  return { ok: false, message, field: 'file', inputField: 'file', conflict: false, refused: false, currentVersion: null };
}

/** Rows in error: the server refuses to commit the import until none is left. */
const hasErrors = (preview: ImportPreview) => preview.counts.error > 0;

/** Where the result links lead, for the unit (and campaign) imported into. */
export interface ImportLinks {
  powerItems: (unitId: string) => string;
  proposals: (unitId: string, campaignId: string) => string;
  /** The power list link leads out of this app (to the public site's list). */
  powerItemsOutsideApp?: boolean;
}

/** A campaign proposals may be imported into. */
export interface ImportCampaign {
  id: string;
  title: string;
}

/** Where the screen is: choosing, uploading, checking the preview, committing, done. */
type Stage =
  | { step: 'choose' }
  | { step: 'uploading'; sent: number; total: number | null }
  | { step: 'preview'; preview: ImportPreview }
  | { step: 'remapping'; preview: ImportPreview }
  | { step: 'committing'; preview: ImportPreview; done: number; total: number | null }
  | { step: 'result'; preview: ImportPreview };

/**
 * 导入表格: a department's power list or proposals from a spreadsheet. The file is uploaded and
 * read by the server, which says what it inferred (sheet, header row, each column's field) and
 * what every row would do; the user corrects the mapping and previews again, then commits all
 * rows at once or discards them. The unit is the department's own (`unit`), or chosen among
 * every department by the coordinator (`unit` null).
 */
export function ImportScreen(props: {
  unit: { id: string; shortName: string } | null;
  /** The campaign proposals go into: the portal's current one, or the one chosen in the console. */
  campaign: ImportCampaign;
  links: ImportLinks;
}) {
  const t = () => strings();
  const client = useClient();
  const [kind, setKind] = createSignal<ImportKind>('POWER_ITEMS');
  const [unitId, setUnitId] = createSignal(props.unit?.id ?? '');
  const [submit, setSubmit] = createSignal(false);
  const [file, setFile] = createSignal<File>();
  const [stage, setStage] = createSignal<Stage>({ step: 'choose' });
  const [failure, setFailure] = createSignal<MutationFailure>();
  const [notice, setNotice] = createSignal<() => string>();
  const [units] = createQuery({ query: ImportUnitsQuery, pause: () => props.unit !== null });

  const chooseFile = (chosen: File | undefined) => {
    setFailure(undefined);
    if (chosen && !isSpreadsheetName(chosen.name)) {
      setFile(undefined);
      setFailure(fileFailure(() => t().wrongType(chosen.name)));
      return;
    }
    setFile(chosen);
  };

  /** Uploads the file; the server reads it, infers the mapping and checks every row. */
  const upload = async () => {
    const chosen = file();
    if (!chosen) {
      setFailure(fileFailure(() => t().noFile));
      return;
    }
    setFailure(undefined);
    setNotice(undefined);
    const before = stage();
    setStage({ step: 'uploading', sent: 0, total: chosen.size });
    const input = {
      kind: kind(),
      unitId: unitId(),
      file: chosen,
      ...(kind() === 'PROPOSALS' ? { campaignId: props.campaign.id, submit: submit() } : {}),
    };
    const response = await client
      .mutation(PreviewImportMutation, { input }, uploadContext((sent, total) => setStage({ step: 'uploading', sent, total })))
      .toPromise();
    const outcome = outcomeOf(response, response.data?.previewImport, 'Import');
    if (outcome.ok) setStage({ step: 'preview', preview: outcome.value });
    else {
      setFailure(outcome);
      setStage(before.step === 'preview' ? before : { step: 'choose' });
    }
  };

  /** Reads the uploaded file again with another sheet or the corrected mapping. */
  const remap = async (preview: ImportPreview, choice: MappingChoice) => {
    setFailure(undefined);
    setStage({ step: 'remapping', preview });
    const input = { importId: preview.id, sheet: choice.sheet, mapping: choice.mapping && mappingInput(preview, choice.mapping) };
    const response = await client.mutation(RemapImportMutation, { input }).toPromise();
    const outcome = outcomeOf(response, response.data?.remapImport, 'Import');
    if (outcome.ok) setStage({ step: 'preview', preview: outcome.value });
    else {
      setFailure(outcome);
      setStage({ step: 'preview', preview });
    }
  };

  // The running commit's progress is polled until it answers (or the screen goes).
  let polling: ReturnType<typeof setInterval> | undefined;
  onCleanup(() => clearInterval(polling));

  /** Asks how far the running commit has got (the server counts the rows written so far). */
  const followCommit = async (importId: string) => {
    const result = await client.query(ImportProgressQuery, { id: importId }, { requestPolicy: 'network-only' }).toPromise();
    const progress = result.data?.node?.__typename === 'Import' ? result.data.node.progress : null;
    if (progress) setStage((current) => (current.step === 'committing' ? { ...current, done: progress.done, total: progress.total } : current));
  };

  /** Writes every row or none, showing the rows written as it goes. */
  const commit = async (preview: ImportPreview) => {
    setFailure(undefined);
    setStage({ step: 'committing', preview, done: 0, total: null });
    polling = setInterval(() => void followCommit(preview.id), progressInterval);
    const input = { importId: preview.id, expectedVersion: preview.version };
    const response = await client.mutation(CommitImportMutation, { input }).toPromise();
    clearInterval(polling);
    const outcome = outcomeOf(response, response.data?.commitImport, 'Import');
    if (outcome.ok) setStage({ step: 'result', preview: outcome.value });
    else {
      setFailure(outcome);
      setStage({ step: 'preview', preview });
    }
  };

  const discard = async (preview: ImportPreview) => {
    setFailure(undefined);
    const response = await client.mutation(DiscardImportMutation, { input: { importId: preview.id } }).toPromise();
    const outcome = outcomeOf(response, response.data?.discardImport, 'Import');
    if (!outcome.ok) return setFailure(outcome);
    startOver();
    setNotice(() => () => t().discarded);
  };

  const startOver = () => {
    setFile(undefined);
    setFailure(undefined);
    setNotice(undefined);
    setStage({ step: 'choose' });
  };

  const committing = () => {
    const current = stage();
    return current.step === 'committing' ? current : undefined;
  };
  const previewOf = (): ImportPreview | undefined => {
    const current = stage();
    return current.step === 'choose' || current.step === 'uploading' ? undefined : current.preview;
  };

  return (
    <section class="import-screen" aria-labelledby="import-heading">
      <h2 id="import-heading">{t().heading}</h2>
      <p class="muted">{t().intro}</p>
      <p class="portal-notice" role="status">
        {notice()?.()}
      </p>
      <FormError message={failure()?.message} />
      <Show when={stage().step !== 'result'}>
        <form
          class="import-choose"
          onSubmit={(event) => {
            event.preventDefault();
            void upload();
          }}
        >
          <fieldset class="form-field">
            <legend>{t().kind.legend}</legend>
            <div class="choice-row">
              <For each={['POWER_ITEMS', 'PROPOSALS'] as const}>
                {(value) => (
                  <label class="choice">
                    <input type="radio" name="import-kind" value={value} checked={kind() === value} onChange={() => setKind(value)} />
                    {t().kind[value]}
                  </label>
                )}
              </For>
            </div>
          </fieldset>
          <Show when={props.unit === null}>
            <div class="form-field">
              <label for="import-unit">{t().unit}</label>
              <select id="import-unit" required value={unitId()} onChange={(event) => setUnitId(event.currentTarget.value)}>
                <option value="">{t().chooseUnit}</option>
                <For each={units.data?.units ?? []}>{(unit) => <option value={unit.id}>{unit.shortName}</option>}</For>
              </select>
            </div>
          </Show>
          <Show when={kind() === 'PROPOSALS'}>
            <p class="import-campaign">{t().intoCampaign(props.campaign.title)}</p>
            <label class="choice import-submit">
              <input type="checkbox" checked={submit()} onChange={(event) => setSubmit(event.currentTarget.checked)} />
              {t().submit}
            </label>
          </Show>
          <FileDrop file={file()} onFile={chooseFile} />
          <div class="button-row">
            <button type="submit" class="primary" disabled={stage().step === 'uploading' || stage().step === 'committing'}>
              {t().upload}
            </button>
          </div>
        </form>
      </Show>
      <Switch>
        <Match when={(() => { const s = stage(); return s.step === 'uploading' ? s : undefined; })()}>
          {(uploading) => (
            <ProgressBar
              label={uploading().sent < (uploading().total ?? 0) ? t().uploading : t().previewing}
              done={uploading().sent}
              total={uploading().sent < (uploading().total ?? 0) ? uploading().total : null}
              detail={`${t().bytes(uploading().sent)} / ${t().bytes(uploading().total ?? 0)}`}
            />
          )}
        </Match>
        <Match when={stage().step === 'result' && previewOf()}>
          {(preview) => <ImportResult preview={preview()} links={props.links} onAgain={startOver} />}
        </Match>
        <Match when={previewOf()}>
          {(preview) => (
            <>
              {/* Each new preview (after a remap) starts the mapping and the rows afresh. */}
              <Show when={preview()} keyed>
                {(shown) => <MappingStep preview={shown} busy={stage().step !== 'preview'} onRerun={(choice) => void remap(shown, choice)} />}
              </Show>
              <section class="import-preview" aria-labelledby="import-preview-heading">
                <h3 id="import-preview-heading">{t().preview.heading}</h3>
                <OutcomeCounts counts={preview().counts} />
                <Show when={preview()} keyed>
                  {(shown) => <PreviewRows preview={shown} />}
                </Show>
                <Switch>
                  <Match when={hasErrors(preview())}>
                    <p class="notice" id="import-blocked">
                      {t().preview.blocked}
                    </p>
                  </Match>
                  <Match when={preview().counts.new + preview().counts.update === 0}>
                    <p class="notice">{t().preview.nothing}</p>
                  </Match>
                </Switch>
                <Show when={committing()}>
                  {(running) => (
                    <ProgressBar
                      label={t().commit.running}
                      done={running().done}
                      total={running().total}
                      detail={running().total === null ? undefined : t().commit.rows(running().done, running().total!)}
                    />
                  )}
                </Show>
                <div class="button-row">
                  <button
                    type="button"
                    class="primary"
                    disabled={hasErrors(preview()) || stage().step !== 'preview'}
                    aria-describedby={hasErrors(preview()) ? 'import-blocked' : undefined}
                    onClick={() => void commit(preview())}
                  >
                    {t().preview.commit}
                  </button>
                  <button type="button" disabled={stage().step !== 'preview'} onClick={() => void discard(preview())}>
                    {t().preview.discard}
                  </button>
                </div>
              </section>
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
}

/** The file field: a drop zone around the usual file button. */
function FileDrop(props: { file: File | undefined; onFile: (file: File | undefined) => void }) {
  const t = () => strings();
  const [over, setOver] = createSignal(false);
  return (
    <div
      class="form-field import-drop"
      classList={{ over: over() }}
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        event.preventDefault();
        setOver(false);
        props.onFile(event.dataTransfer?.files[0]);
      }}
    >
      <label for="import-file">{t().file}</label>
      <p class="hint" id="import-file-hint">
        {t().fileHint}
      </p>
      <input
        id="import-file"
        type="file"
        accept={acceptedExtensions.join(',')}
        aria-describedby="import-file-hint"
        onChange={(event) => props.onFile(event.currentTarget.files?.[0])}
      />
      <Show when={props.file}>{(file) => <p class="import-file-name">{t().chosenFile(file().name, t().bytes(file().size))}</p>}</Show>
    </div>
  );
}

/** What the commit wrote, and where to see it. */
function ImportResult(props: { preview: ImportPreview; links: ImportLinks; onAgain: () => void }) {
  const t = () => strings();
  return (
    <section class="import-result" aria-labelledby="import-result-heading">
      <h3 id="import-result-heading">{t().result.heading}</h3>
      <OutcomeCounts counts={props.preview.counts} />
      <p class="button-row">
        <Show
          when={props.preview.kind === 'PROPOSALS' && props.preview.campaign}
          fallback={
            // The public site's list is another page of the server, not a route of this app: loaded in full.
            <A href={props.links.powerItems(props.preview.unit.id)} rel={props.links.powerItemsOutsideApp ? 'external' : undefined}>
              {t().result.powerList}
            </A>
          }
        >
          {(campaign) => <A href={props.links.proposals(props.preview.unit.id, campaign().id)}>{t().result.proposals}</A>}
        </Show>
        <button type="button" onClick={() => props.onAgain()}>
          {t().result.again}
        </button>
      </p>
    </section>
  );
}
