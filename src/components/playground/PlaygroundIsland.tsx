/**
 * The playground: wires the hooks (state + URL, analysis, editor, native
 * run) to the views. The folder's layers: model/ is pure TypeScript (parse
 * analysis, chunking, comparison, URL state, presets), run alike at build
 * time, in the worker and in unit tests; worker/ parses off the main
 * thread; browser/ wraps EventSource and CodeMirror; hooks/ hold state and
 * effects; views/ render. This file holds only the actions that span
 * several of them. The widget stays out of the search index
 * (data-pagefind-ignore): its labels and preset streams would answer
 * searches that the page's prose answers better.
 */
import { useMemo, useState } from 'preact/hooks';
import { fill } from '../ui-strings.ts';
import { useAnalysis } from './hooks/use-analysis.ts';
import { useEchoAvailability } from './hooks/use-echo-availability.ts';
import { useEditor } from './hooks/use-editor.ts';
import { useNativeRun } from './hooks/use-native-run.ts';
import { locationFor, usePlaygroundState } from './hooks/use-playground-state.ts';
import type { StreamAnalysis } from './model/analysis.ts';
import { defaultChunkPlan } from './model/chunking.ts';
import { presetById, presetPlan, presetStream } from './model/presets.ts';
import { quotable } from './model/trace-explain.ts';
import { maxLinkStreamLength, streamFitsInLink } from './model/url-state.ts';
import type { PlaygroundStrings } from './playground-strings.ts';
import { ActionBar } from './views/ActionBar.tsx';
import { BuilderForm } from './views/BuilderForm.tsx';
import { EventsTable } from './views/EventsTable.tsx';
import { InputPane } from './views/InputPane.tsx';
import { OutputTabs } from './views/OutputTabs.tsx';
import { RunPanel } from './views/RunPanel.tsx';
import { TraceTable } from './views/TraceTable.tsx';

interface Props {
  strings: PlaygroundStrings;
  /** The page's language, for number formatting. */
  lang: string;
  /** The echo endpoint, `/api/sse/echo`. */
  echoUrl: string;
  /** The endpoint's status, `/api/status`: probed once to learn whether runs are possible. */
  statusUrl: string;
}

type Format = (n: number) => string;

/** One line on the parse: how many events, the last event ID, the reconnection time. */
function summaryText(analysis: StreamAnalysis, strings: PlaygroundStrings, format: Format): string {
  return fill(strings['playground.summary'], {
    events:
      analysis.eventTotal === 1
        ? strings['playground.summary.events.one']
        : fill(strings['playground.summary.events.other'], { count: format(analysis.eventTotal) }),
    id:
      analysis.lastEventId === ''
        ? strings['playground.summary.id.empty']
        : fill(strings['playground.summary.id'], { id: quotable(analysis.lastEventId) }),
    retry:
      analysis.reconnectionTime === null
        ? strings['playground.summary.retry.none']
        : fill(strings['playground.summary.retry.ms'], { ms: format(analysis.reconnectionTime) }),
  });
}

/** What the loaded preset shows, and whether the stream is still exactly that preset's. */
function presetNoteText(presetId: string | null, text: string, strings: PlaygroundStrings, lang: string): string {
  const loadedPreset = presetById(presetId ?? '');
  if (loadedPreset === undefined) return '';
  const note = fill(strings['playground.preset.current'], {
    title: strings[`playground.preset.${loadedPreset.id}.title`],
    note: strings[`playground.preset.${loadedPreset.id}.note`],
  });
  return note + (text === presetStream(loadedPreset, lang) ? '' : ` ${strings['playground.preset.edited']}`);
}

export default function PlaygroundIsland({ strings, lang, echoUrl, statusUrl }: Props) {
  const state = usePlaygroundState(lang);
  const { text, plan, view, presetId, ready } = state;
  const { analysis, exportJson } = useAnalysis(text, ready);
  const { hostRef, editor, editorReady, commitNow } = useEditor({
    text,
    ready,
    label: strings['playground.editor.label'],
    describedBy: 'pg-editor-help',
    onCommit: state.setText,
  });
  const availability = useEchoAvailability(statusUrl);
  const run = useNativeRun(echoUrl);
  const [actionMessage, setActionMessage] = useState('');

  const format = useMemo(() => {
    const numbers = new Intl.NumberFormat(lang);
    return (n: number) => numbers.format(n);
  }, [lang]);

  function loadPreset(): void {
    const preset = presetById(state.picked);
    if (preset === undefined || editor.current === null) return;
    editor.current.setText(presetStream(preset, lang));
    // A preset about chunk boundaries carries its own chunking; the others run whole.
    state.setPlan(presetPlan(preset) ?? defaultChunkPlan);
    state.setPresetId(preset.id);
    commitNow();
    setActionMessage('');
  }

  function insert(lineEnd: string): void {
    editor.current?.insert(lineEnd);
    editor.current?.focus();
  }

  function clear(): void {
    editor.current?.setText('');
    // What comes next is the reader's own stream, no longer an edited preset.
    state.setPresetId(null);
    state.setPicked('');
    commitNow();
    editor.current?.focus();
  }

  function appendBuilt(wire: string): void {
    editor.current?.append(wire);
    commitNow();
  }

  async function copyLink(): Promise<void> {
    const { href, streamInLink } = locationFor({ stream: commitNow(), plan, view }, presetId, lang);
    try {
      await navigator.clipboard.writeText(href);
      setActionMessage(streamInLink ? strings['playground.copyLink.done'] : strings['playground.copyLink.tooLong']);
    } catch {
      setActionMessage(strings['playground.copyLink.failed']);
    }
  }

  async function exportEvents(): Promise<void> {
    const pending = exportJson(commitNow);
    if (pending === null) return;
    try {
      const href = URL.createObjectURL(new Blob([await pending], { type: 'application/json' }));
      const link = document.createElement('a');
      link.href = href;
      link.download = 'sse-playground-events.json';
      link.click();
      // The download has taken its copy of the blob once click() returns in
      // current browsers; the delay covers slower ones.
      setTimeout(() => URL.revokeObjectURL(href), 1000);
      setActionMessage(strings['playground.export.done']);
    } catch {
      setActionMessage(strings['playground.export.failed']);
    }
  }

  return (
    <div class="pg not-content" data-pagefind-ignore>
      <ActionBar
        strings={strings}
        picked={state.picked}
        onPick={state.setPicked}
        editorReady={editorReady}
        ready={ready}
        onLoad={loadPreset}
        onCopyLink={() => void copyLink()}
        onExport={() => void exportEvents()}
      />
      <p class="pg__action-status" role="status">
        {actionMessage}
      </p>
      {/* Said as long as it holds, not only on Copy link: the address bar is a
          link too. The live region is always there, so its message is announced. */}
      <p class="pg__link-note" role="status">
        {!streamFitsInLink(text) && fill(strings['playground.link.streamLeftOut'], { limit: format(maxLinkStreamLength) })}
      </p>

      <div class="pg__panes">
        <InputPane
          strings={strings}
          hostRef={hostRef}
          editorReady={editorReady}
          onInsert={insert}
          onClear={clear}
          presetNote={presetNoteText(presetId, text, strings, lang)}
          summary={summaryText(analysis, strings, format)}
        />
        <OutputTabs
          strings={strings}
          view={view}
          onViewChange={state.setView}
          panel={(id) => {
            if (id === 'trace') return <TraceTable analysis={analysis} strings={strings} format={format} />;
            if (id === 'events') return <EventsTable analysis={analysis} strings={strings} format={format} />;
            return (
              <RunPanel
                strings={strings}
                format={format}
                echoUrl={echoUrl}
                availability={availability}
                text={text}
                plan={plan}
                onPlanChange={state.setPlan}
                run={run}
                currentText={commitNow}
              />
            );
          }}
        />
        <BuilderForm strings={strings} onAppend={appendBuilt} />
      </div>
    </div>
  );
}
