/**
 * The bar above the panes: pick and load a preset, copy a link to the
 * state, export the events as JSON.
 */
import { presets, type PresetId } from '../model/presets.ts';
import type { PlaygroundStrings } from '../playground-strings.ts';

interface Props {
  strings: PlaygroundStrings;
  /** The preset in the picker; '' is the reader's own stream. */
  picked: PresetId | '';
  onPick: (id: PresetId | '') => void;
  /** Loading needs the editor; exporting needs the parse worker. */
  editorReady: boolean;
  ready: boolean;
  onLoad: () => void;
  onCopyLink: () => void;
  onExport: () => void;
}

export function ActionBar({ strings, picked, onPick, editorReady, ready, onLoad, onCopyLink, onExport }: Props) {
  return (
    <div class="pg__bar">
      <div class="pg__presets">
        <label for="pg-preset">{strings['playground.presets.label']}</label>
        <select id="pg-preset" value={picked} onChange={(event) => onPick(event.currentTarget.value as PresetId | '')}>
          <option value="" disabled>
            {strings['playground.presets.own']}
          </option>
          {presets.map(({ id }) => (
            <option key={id} value={id}>
              {strings[`playground.preset.${id}.title`]}
            </option>
          ))}
        </select>
        <button type="button" class="pg-button" onClick={onLoad} disabled={!editorReady || picked === ''}>
          {strings['playground.presets.load']}
        </button>
      </div>
      <div class="pg__share">
        <button type="button" class="pg-button" onClick={onCopyLink}>
          {strings['playground.copyLink']}
        </button>
        <button type="button" class="pg-button" onClick={onExport} disabled={!ready}>
          {strings['playground.export']}
        </button>
      </div>
    </div>
  );
}
