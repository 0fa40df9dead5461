import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { fill } from '../ui-strings.ts';
import { analyzeStream, type StreamAnalysis } from './model/analysis.ts';
import { BuilderForm } from './views/BuilderForm.tsx';
import { defaultChunkPlan, type ChunkPlan } from './model/chunking.ts';
import type { StreamEditor } from './browser/editor.ts';
import { EventsTable } from './views/EventsTable.tsx';
import { echoAvailable } from './browser/native-run.ts';
import { createParseClient, type ParseClient } from './worker/parse-client.ts';
import type { PlaygroundStrings } from './playground-strings.ts';
import { defaultPresetId, presetById, presetPlan, presets, presetStream, type PresetId } from './model/presets.ts';
import { RunPanel, useNativeRun, type Availability } from './views/RunPanel.tsx';
import { TraceTable } from './views/TraceTable.tsx';
import { quotable } from './model/trace-explain.ts';
import { defaultView, maxLinkStreamLength, presetState, stateFromSearch, stateToSearch, streamFitsInLink, views, type PlaygroundState, type ViewId } from './model/url-state.ts';

interface Props {
  strings: PlaygroundStrings;
  /** The page's language, for number formatting. */
  lang: string;
  /** The echo endpoint, `/api/sse/echo`. */
  echoUrl: string;
  /** The endpoint's status, `/api/status`: probed once to learn whether runs are possible. */
  statusUrl: string;
}

/** Quiet time after the last keystroke before the stream is parsed again and written to the URL. */
const parseDebounceMs = 150;
/** How long the status probe may take before the run is declared unavailable. */
const probeTimeoutMs = 5000;

/** The default preset's stream in the page's language. */
const defaultStreamIn = (lang: string): string => {
  const preset = presetById(defaultPresetId);
  return preset === undefined ? '' : presetStream(preset, lang);
};

/**
 * The address of a state: `?preset=…` or `?s=…` (see url-state.ts); the bare
 * page for the default preset, so visiting /playground/ leaves the URL alone.
 */
function locationFor(state: PlaygroundState, presetId: string | null, lang: string): { href: string; streamInLink: boolean } {
  const { search, streamInLink } = stateToSearch(state, presetId, lang);
  const url = new URL(location.href);
  url.search = search === `?preset=${defaultPresetId}` ? '' : search;
  return { href: url.href, streamInLink };
}

export default function PlaygroundIsland({ strings, lang, echoUrl, statusUrl }: Props) {
  const defaultStream = defaultStreamIn(lang);
  const [text, setText] = useState(defaultStream);
  // Server and first client render show the default preset, parsed in place
  // (a few lines): the same frame on both sides, so hydration moves nothing.
  const [analysis, setAnalysis] = useState<StreamAnalysis>(() => analyzeStream(defaultStream));
  const [plan, setPlan] = useState<ChunkPlan>(defaultChunkPlan);
  const [view, setView] = useState<ViewId>(defaultView);
  // The preset whose stream was loaded last; the URL stays `?preset=` while the state is still exactly that preset.
  const [presetId, setPresetId] = useState<string | null>(defaultPresetId);
  // '' is the reader's own stream: after Clear, or from a link that carries the stream itself.
  const [picked, setPicked] = useState<PresetId | ''>(defaultPresetId);
  const [ready, setReady] = useState(false);
  const [editorReady, setEditorReady] = useState(false);
  const [availability, setAvailability] = useState<Availability>('checking');
  const [actionMessage, setActionMessage] = useState('');
  const editorRef = useRef<StreamEditor | null>(null);
  const hostRef = useRef<HTMLDivElement>(null);
  const parserRef = useRef<ParseClient | null>(null);
  const debounceRef = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const parseSeq = useRef(0);
  const textRef = useRef(text);
  textRef.current = text;
  const run = useNativeRun(echoUrl);

  const format = useMemo(() => {
    const numbers = new Intl.NumberFormat(lang);
    return (n: number) => numbers.format(n);
  }, [lang]);

  /** The editor's exact text now, also within the debounce window. */
  const currentText = (): string => editorRef.current?.getText() ?? textRef.current;

  /** Takes the editor's text into the model at once (parse, URL), ending any pending debounce. */
  const commitNow = (): string => {
    clearTimeout(debounceRef.current);
    const current = currentText();
    setText(current);
    return current;
  };

  useEffect(() => {
    const fromUrl = stateFromSearch(location.search, lang);
    const initial = fromUrl?.state ?? presetState(defaultStream);
    const initialPreset = fromUrl === null ? defaultPresetId : fromUrl.presetId;
    setText(initial.stream);
    setPlan(initial.plan);
    setView(initial.view);
    setPresetId(initialPreset);
    setPicked(presetById(initialPreset ?? '')?.id ?? '');

    parserRef.current = createParseClient();
    void echoAvailable(statusUrl, AbortSignal.timeout(probeTimeoutMs)).then((found) =>
      setAvailability(found === true ? 'available' : found === false ? 'unavailable' : found),
    );

    let disposed = false;
    void import('./browser/editor.ts').then(({ createStreamEditor }) => {
      if (disposed || hostRef.current === null) return;
      editorRef.current = createStreamEditor({
        parent: hostRef.current,
        text: initial.stream,
        label: strings['playground.editor.label'],
        describedBy: 'pg-editor-help',
        onChange() {
          clearTimeout(debounceRef.current);
          debounceRef.current = setTimeout(commitNow, parseDebounceMs);
        },
      });
      setEditorReady(true);
    });
    setReady(true);
    return () => {
      disposed = true;
      clearTimeout(debounceRef.current);
      editorRef.current?.destroy();
      parserRef.current?.dispose();
    };
    // Mount only: the URL is read once; later changes come from the page itself.
  }, []);

  // Parse off the main thread; an answer for an older text is dropped.
  useEffect(() => {
    const client = parserRef.current;
    if (!ready || client === null) return;
    const request = ++parseSeq.current;
    client.analyze(text).then(
      (result) => {
        if (request === parseSeq.current) setAnalysis(result);
      },
      // A failed parse (which the parser never throws for text) keeps the last result on screen.
      () => undefined,
    );
  }, [ready, text]);

  // Keep the address bar a link to this exact state.
  useEffect(() => {
    if (!ready) return;
    const { href } = locationFor({ stream: text, plan, view }, presetId, lang);
    if (href !== location.href) history.replaceState(history.state, '', href);
  }, [ready, text, plan, view, presetId]);

  function loadPreset(): void {
    const preset = presetById(picked);
    if (preset === undefined || editorRef.current === null) return;
    editorRef.current.setText(presetStream(preset, lang));
    // A preset about chunk boundaries carries its own chunking; the others run whole.
    setPlan(presetPlan(preset) ?? defaultChunkPlan);
    setPresetId(preset.id);
    commitNow();
    setActionMessage('');
  }

  function insert(lineEnd: string): void {
    editorRef.current?.insert(lineEnd);
    editorRef.current?.focus();
  }

  function clear(): void {
    editorRef.current?.setText('');
    // What comes next is the reader's own stream, no longer an edited preset.
    setPresetId(null);
    setPicked('');
    commitNow();
    editorRef.current?.focus();
  }

  function appendBuilt(wire: string): void {
    editorRef.current?.append(wire);
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
    const client = parserRef.current;
    if (client === null) return;
    try {
      const json = await client.exportJson(commitNow());
      const href = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
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

  /** The tabs pattern: arrow keys (wrapping), Home and End select and focus a tab. */
  function onTabKey(event: KeyboardEvent): void {
    const index = views.indexOf(view);
    const last = views.length - 1;
    let next: number;
    switch (event.key) {
      case 'ArrowRight':
        next = index === last ? 0 : index + 1;
        break;
      case 'ArrowLeft':
        next = index === 0 ? last : index - 1;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = last;
        break;
      default:
        return;
    }
    event.preventDefault();
    const target = views[next] ?? defaultView;
    setView(target);
    document.getElementById(`pg-tab-${target}`)?.focus();
  }

  const summary = fill(strings['playground.summary'], {
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

  const loadedPreset = presetById(presetId ?? '');
  const presetNote =
    loadedPreset === undefined
      ? ''
      : fill(strings['playground.preset.current'], {
          title: strings[`playground.preset.${loadedPreset.id}.title`],
          note: strings[`playground.preset.${loadedPreset.id}.note`],
        }) + (text === presetStream(loadedPreset, lang) ? '' : ` ${strings['playground.preset.edited']}`);

  return (
    <div class="pg not-content">
      <div class="pg__bar">
        <div class="pg__presets">
          <label for="pg-preset">{strings['playground.presets.label']}</label>
          <select id="pg-preset" value={picked} onChange={(event) => setPicked(event.currentTarget.value as PresetId | '')}>
            <option value="" disabled>
              {strings['playground.presets.own']}
            </option>
            {presets.map(({ id }) => (
              <option key={id} value={id}>
                {strings[`playground.preset.${id}.title`]}
              </option>
            ))}
          </select>
          <button type="button" class="pg-button" onClick={loadPreset} disabled={!editorReady || picked === ''}>
            {strings['playground.presets.load']}
          </button>
        </div>
        <div class="pg__share">
          <button type="button" class="pg-button" onClick={() => void copyLink()}>
            {strings['playground.copyLink']}
          </button>
          <button type="button" class="pg-button" onClick={() => void exportEvents()} disabled={!ready}>
            {strings['playground.export']}
          </button>
        </div>
      </div>
      <p class="pg__action-status" role="status">
        {actionMessage}
      </p>
      {/* Said as long as it holds, not only on Copy link: the address bar is a
          link too. The live region is always there, so its message is announced. */}
      <p class="pg__link-note" role="status">
        {!streamFitsInLink(text) && fill(strings['playground.link.streamLeftOut'], { limit: format(maxLinkStreamLength) })}
      </p>

      <div class="pg__panes">
        <section class="pg__input" aria-labelledby="pg-editor-heading">
          <h2 id="pg-editor-heading" class="pg-heading">
            {strings['playground.editor.heading']}
          </h2>
          <div class="pg__insert" role="group" aria-label={strings['playground.insert.group']}>
            <button type="button" class="pg-button pg-button--small" onClick={() => insert('\n')} disabled={!editorReady}>
              {strings['playground.insert.lf']}
            </button>
            <button type="button" class="pg-button pg-button--small" onClick={() => insert('\r\n')} disabled={!editorReady}>
              {strings['playground.insert.crlf']}
            </button>
            <button type="button" class="pg-button pg-button--small" onClick={() => insert('\r')} disabled={!editorReady}>
              {strings['playground.insert.cr']}
            </button>
            <button type="button" class="pg-button pg-button--small" onClick={clear} disabled={!editorReady}>
              {strings['playground.clear']}
            </button>
          </div>
          <div class="pg__editor-frame">
            <div ref={hostRef} class="pg__editor" />
            {!editorReady && <p class="pg__editor-loading">{strings['playground.loading']}</p>}
          </div>
          <p id="pg-editor-help" class="pg-help">
            {strings['playground.editor.help']}
          </p>
          <p class="pg__preset-note">{presetNote}</p>
          <p class="pg__summary" role="status">
            {summary}
          </p>
        </section>

        <section class="pg__output" aria-label={strings['playground.views.label']}>
          <div class="pg__tabs" role="tablist" aria-label={strings['playground.views.label']}>
            {views.map((id) => (
              <button
                key={id}
                type="button"
                role="tab"
                id={`pg-tab-${id}`}
                class="pg__tab"
                aria-selected={view === id}
                aria-controls={`pg-panel-${id}`}
                tabIndex={view === id ? 0 : -1}
                onClick={() => setView(id)}
                onKeyDown={onTabKey}
              >
                {strings[`playground.view.${id}`]}
              </button>
            ))}
          </div>
          {views.map((id) => (
            <div key={id} role="tabpanel" id={`pg-panel-${id}`} class="pg__panel" aria-labelledby={`pg-tab-${id}`} tabIndex={0} hidden={view !== id}>
              {view === id && id === 'trace' && <TraceTable analysis={analysis} strings={strings} format={format} />}
              {view === id && id === 'events' && <EventsTable analysis={analysis} strings={strings} format={format} />}
              {view === id && id === 'run' && (
                <RunPanel
                  strings={strings}
                  format={format}
                  echoUrl={echoUrl}
                  availability={availability}
                  text={text}
                  plan={plan}
                  onPlanChange={setPlan}
                  run={run}
                  currentText={commitNow}
                />
              )}
            </div>
          ))}
        </section>

        <BuilderForm strings={strings} onAppend={appendBuilt} />
      </div>
    </div>
  );
}
