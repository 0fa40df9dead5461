/**
 * The playground's state (stream, chunking, view, loaded preset, picked
 * preset) and its address: read from the URL once after mount, written back
 * with `history.replaceState` whenever it changes, so the address bar is
 * always a link to what the reader sees.
 *
 * Server and first client render hold the default preset: the same frame on
 * both sides, so hydration moves nothing. `ready` turns true in the render
 * that first holds the URL's state; the editor and the parser start from it.
 */
import { useEffect, useState } from 'preact/hooks';
import { defaultChunkPlan, type ChunkPlan } from '../model/chunking.ts';
import { defaultPresetId, presetById, presetStream, type PresetId } from '../model/presets.ts';
import { defaultView, presetState, stateFromSearch, stateToSearch, type PlaygroundState, type ViewId } from '../model/url-state.ts';

/** The default preset's stream in the page's language. */
export const defaultStreamIn = (lang: string): string => {
  const preset = presetById(defaultPresetId);
  return preset === undefined ? '' : presetStream(preset, lang);
};

/**
 * The address of a state: `?preset=…` or `?s=…` (see ../model/url-state.ts);
 * the bare page for the default preset, so visiting /playground/ leaves the
 * URL alone.
 */
export function locationFor(state: PlaygroundState, presetId: string | null, lang: string): { href: string; streamInLink: boolean } {
  const { search, streamInLink } = stateToSearch(state, presetId, lang);
  const url = new URL(location.href);
  url.search = search === `?preset=${defaultPresetId}` ? '' : search;
  return { href: url.href, streamInLink };
}

export function usePlaygroundState(lang: string) {
  const [text, setText] = useState(() => defaultStreamIn(lang));
  const [plan, setPlan] = useState<ChunkPlan>(defaultChunkPlan);
  const [view, setView] = useState<ViewId>(defaultView);
  // The preset whose stream was loaded last; the URL stays `?preset=` while the state is still exactly that preset.
  const [presetId, setPresetId] = useState<string | null>(defaultPresetId);
  // '' is the reader's own stream: after Clear, or from a link that carries the stream itself.
  const [picked, setPicked] = useState<PresetId | ''>(defaultPresetId);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    const fromUrl = stateFromSearch(location.search, lang);
    const initial = fromUrl?.state ?? presetState(defaultStreamIn(lang));
    const initialPreset = fromUrl === null ? defaultPresetId : fromUrl.presetId;
    setText(initial.stream);
    setPlan(initial.plan);
    setView(initial.view);
    setPresetId(initialPreset);
    setPicked(presetById(initialPreset ?? '')?.id ?? '');
    setReady(true);
    // Mount only: the URL is read once; later changes come from the page itself.
  }, []);

  // Keep the address bar a link to this exact state.
  useEffect(() => {
    if (!ready) return;
    const { href } = locationFor({ stream: text, plan, view }, presetId, lang);
    if (href !== location.href) history.replaceState(history.state, '', href);
  }, [ready, text, plan, view, presetId]);

  return { text, setText, plan, setPlan, view, setView, presetId, setPresetId, picked, setPicked, ready };
}
