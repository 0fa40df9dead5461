/**
 * The input side: the editor's host element, the buttons that insert line
 * ends the keyboard cannot type reliably, and the notes under the editor
 * (loaded preset, summary of the parse).
 */
import type { Ref } from 'preact';
import type { PlaygroundStrings } from '../playground-strings.ts';

interface Props {
  strings: PlaygroundStrings;
  /** Where the editor mounts (see ../hooks/use-editor.ts). */
  hostRef: Ref<HTMLDivElement>;
  editorReady: boolean;
  onInsert: (lineEnd: string) => void;
  onClear: () => void;
  presetNote: string;
  summary: string;
}

export function InputPane({ strings, hostRef, editorReady, onInsert, onClear, presetNote, summary }: Props) {
  return (
    <section class="pg__input" aria-labelledby="pg-editor-heading">
      <h2 id="pg-editor-heading" class="pg-heading">
        {strings['playground.editor.heading']}
      </h2>
      <div class="pg__insert" role="group" aria-label={strings['playground.insert.group']}>
        <button type="button" class="pg-button pg-button--small" onClick={() => onInsert('\n')} disabled={!editorReady}>
          {strings['playground.insert.lf']}
        </button>
        <button type="button" class="pg-button pg-button--small" onClick={() => onInsert('\r\n')} disabled={!editorReady}>
          {strings['playground.insert.crlf']}
        </button>
        <button type="button" class="pg-button pg-button--small" onClick={() => onInsert('\r')} disabled={!editorReady}>
          {strings['playground.insert.cr']}
        </button>
        <button type="button" class="pg-button pg-button--small" onClick={onClear} disabled={!editorReady}>
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
  );
}
