/**
 * The playground's stream editor: CodeMirror 6 core, set up so that every
 * character of an event stream survives and can be seen.
 *
 * - `EditorState.lineSeparator.of('\n')`: only LF splits the document into
 *   lines, so a CR (alone or in CRLF) stays an ordinary character of the text,
 *   also when pasted. A <textarea> cannot do this: browsers turn CR and CRLF
 *   into LF in `textarea.value`.
 * - `highlightSpecialChars` shows CR, TAB, U+FEFF, U+0000 and the other
 *   invisible characters as name badges ("CR", "TAB", "BOM", "NUL" …; see
 *   ../model/char-names.ts), and a widget marks each line that an LF ends with an "LF"
 *   badge, so CRLF reads "CR LF". Both build their DOM with `textContent`,
 *   never with markup from the document.
 * - Tab is not bound (no `indentWithTab`), so Tab and Shift+Tab move focus
 *   out of the editor as everywhere else on the page.
 *
 * Loaded with a dynamic import from the island, so only the playground page
 * downloads CodeMirror.
 */
import {
  cursorCharLeft,
  cursorCharRight,
  cursorDocEnd,
  cursorDocStart,
  cursorGroupLeft,
  cursorGroupRight,
  cursorLineBoundaryBackward,
  cursorLineBoundaryForward,
  cursorLineDown,
  cursorLineUp,
  cursorPageDown,
  cursorPageUp,
  history,
  historyKeymap,
  insertNewline,
  selectAll,
  selectCharLeft,
  selectCharRight,
  selectDocEnd,
  selectDocStart,
  selectGroupLeft,
  selectGroupRight,
  selectLineBoundaryBackward,
  selectLineBoundaryForward,
  selectLineDown,
  selectLineUp,
  selectPageDown,
  selectPageUp,
} from '@codemirror/commands';
import { EditorSelection, EditorState, RangeSetBuilder, findClusterBreak } from '@codemirror/state';
import {
  Decoration,
  EditorView,
  ViewPlugin,
  WidgetType,
  highlightSpecialChars,
  keymap,
  type Command,
  type DecorationSet,
  type KeyBinding,
  type ViewUpdate,
} from '@codemirror/view';
import { charName, codePoint, namedChar } from '../model/char-names.ts';

export interface StreamEditorOptions {
  parent: HTMLElement;
  text: string;
  /** Accessible name of the editing area. */
  label: string;
  /** Id of the element that explains the markers and keys. */
  describedBy: string;
  /** Called after every change of the document (the island debounces). */
  onChange(): void;
}

export interface StreamEditor {
  /** The exact text, CR characters included. */
  getText(): string;
  /** Replaces the whole document (a preset, a link), as one undoable step. */
  setText(text: string): void;
  /** Inserts at the cursor (the line-end buttons) and puts the cursor after it. */
  insert(text: string): void;
  /** Appends at the end of the document (the builder) and scrolls there. */
  append(text: string): void;
  focus(): void;
  destroy(): void;
}

function token(text: string, title: string): HTMLElement {
  const span = document.createElement('span');
  span.className = 'cm-pg-token';
  span.textContent = text;
  span.title = title;
  return span;
}

/**
 * Draws each special character as a name badge (CR, NUL, BOM …; see
 * ../model/char-names.ts). Returns an element for every code, so CodeMirror never
 * falls back to its own placeholder.
 */
function renderSpecialChar(code: number): HTMLElement {
  const char = String.fromCharCode(code);
  return token(namedChar.test(char) ? charName(char) : codePoint(char), codePoint(char));
}

class LineFeedMarker extends WidgetType {
  override eq(): boolean {
    return true;
  }
  toDOM(): HTMLElement {
    const span = token('LF', 'U+000A');
    span.classList.add('cm-pg-token--lf');
    // The line break itself already reaches assistive technology; the marker is visual.
    span.setAttribute('aria-hidden', 'true');
    return span;
  }
  override ignoreEvent(): boolean {
    return false;
  }
}

const lineFeedDecoration = Decoration.widget({ widget: new LineFeedMarker(), side: 1 });

/** Marks the end of every visible line that is followed by an LF (all but the document's last line). */
function lineFeedMarks(view: EditorView): DecorationSet {
  const builder = new RangeSetBuilder<Decoration>();
  const { doc } = view.state;
  for (const { from, to } of view.visibleRanges) {
    for (let pos = from; pos <= to; ) {
      const line = doc.lineAt(pos);
      if (line.number < doc.lines) builder.add(line.to, line.to, lineFeedDecoration);
      pos = line.to + 1;
    }
  }
  return builder.finish();
}

const lineFeedMarkers = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = lineFeedMarks(view);
    }
    update(update: ViewUpdate): void {
      if (update.docChanged || update.viewportChanged) this.decorations = lineFeedMarks(update.view);
    }
  },
  { decorations: (plugin) => plugin.decorations },
);

/** Colours from Starlight's variables, so the editor follows the light and dark themes. */
const theme = EditorView.theme({
  '&': {
    height: '100%',
    color: 'var(--sl-color-white)',
    backgroundColor: 'var(--sl-color-black)',
    fontSize: 'var(--sl-text-sm)',
  },
  '&.cm-focused': { outline: '2px solid var(--sl-color-text-accent)', outlineOffset: '2px' },
  '.cm-scroller': { fontFamily: 'var(--__sl-font-mono, monospace)', lineHeight: '1.6' },
  '.cm-content': { padding: '0.5rem 0', caretColor: 'var(--sl-color-white)' },
  '.cm-line': { padding: '0 0.5rem' },
  '.cm-content ::selection': { backgroundColor: 'var(--sl-color-accent-low)' },
  // Badges, not text: smaller, boxed, in the accent colours, so "CR" typed
  // as two letters never looks like a carriage return.
  '.cm-pg-token': {
    borderRadius: '0.2rem',
    padding: '0 0.2em',
    margin: '0 0.1em',
    fontSize: '0.75em',
    verticalAlign: '0.1em',
    color: 'var(--sl-color-accent-high)',
    backgroundColor: 'var(--sl-color-accent-low)',
  },
  // CodeMirror draws a TAB as a spacer of the tab's width; label it.
  '.cm-tab': { position: 'relative', backgroundColor: 'var(--sl-color-accent-low)', borderRadius: '0.2rem' },
  '.cm-tab::before': {
    content: '"TAB"',
    position: 'absolute',
    insetInlineStart: '0.2em',
    fontSize: '0.75em',
    color: 'var(--sl-color-accent-high)',
  },
  '.cm-pg-token--lf': { color: 'var(--sl-color-gray-2)', backgroundColor: 'transparent', outline: '1px solid var(--sl-color-gray-5)' },
});

/**
 * Deletes the selection, or one character (grapheme cluster) before or after
 * the cursor; at a line's edge that is the LF itself. Unlike CodeMirror's
 * deleteCharBackward it never removes a whole indentation unit of spaces:
 * in a stream every space is data.
 */
function deleteCharacter(forward: boolean): Command {
  return (view) => {
    const { state } = view;
    const transaction = state.changeByRange((range) => {
      if (!range.empty) return { changes: { from: range.from, to: range.to }, range: EditorSelection.cursor(range.from) };
      const line = state.doc.lineAt(range.head);
      const inLine = range.head - line.from;
      let target: number;
      if (forward) target = range.head === line.to ? range.head + 1 : line.from + findClusterBreak(line.text, inLine, true);
      else target = range.head === line.from ? range.head - 1 : line.from + findClusterBreak(line.text, inLine, false);
      target = Math.min(Math.max(target, 0), state.doc.length);
      const from = Math.min(range.head, target);
      return { changes: { from, to: Math.max(range.head, target) }, range: EditorSelection.cursor(from) };
    });
    view.dispatch(state.update(transaction, { scrollIntoView: true, userEvent: forward ? 'delete.forward' : 'delete.backward' }));
    return true;
  };
}

/**
 * Cursor motion, selection and deletion, picked one by one instead of
 * CodeMirror's standardKeymap: that one binds Enter to
 * insertNewlineAndIndent, which copies the line's leading spaces onto the new
 * line (spaces change fields), and pulls in the language package.
 */
const streamKeymap: readonly KeyBinding[] = [
  { key: 'Enter', run: insertNewline, shift: insertNewline },
  { key: 'Backspace', run: deleteCharacter(false), shift: deleteCharacter(false) },
  { key: 'Delete', run: deleteCharacter(true) },
  { key: 'ArrowLeft', run: cursorCharLeft, shift: selectCharLeft, preventDefault: true },
  { key: 'ArrowRight', run: cursorCharRight, shift: selectCharRight, preventDefault: true },
  { key: 'Mod-ArrowLeft', mac: 'Alt-ArrowLeft', run: cursorGroupLeft, shift: selectGroupLeft, preventDefault: true },
  { key: 'Mod-ArrowRight', mac: 'Alt-ArrowRight', run: cursorGroupRight, shift: selectGroupRight, preventDefault: true },
  { key: 'ArrowUp', run: cursorLineUp, shift: selectLineUp, preventDefault: true },
  { key: 'ArrowDown', run: cursorLineDown, shift: selectLineDown, preventDefault: true },
  { key: 'Home', run: cursorLineBoundaryBackward, shift: selectLineBoundaryBackward, preventDefault: true },
  { key: 'End', run: cursorLineBoundaryForward, shift: selectLineBoundaryForward, preventDefault: true },
  { key: 'Mod-Home', run: cursorDocStart, shift: selectDocStart },
  { key: 'Mod-End', run: cursorDocEnd, shift: selectDocEnd },
  { key: 'PageUp', run: cursorPageUp, shift: selectPageUp },
  { key: 'PageDown', run: cursorPageDown, shift: selectPageDown },
  { key: 'Mod-a', run: selectAll },
];

export function createStreamEditor(options: StreamEditorOptions): StreamEditor {
  const view = new EditorView({
    parent: options.parent,
    state: EditorState.create({
      doc: options.text,
      extensions: [
        EditorState.lineSeparator.of('\n'),
        history(),
        // TAB is added: browsers that handle tab-size leave it out by default.
        highlightSpecialChars({ render: renderSpecialChar, addSpecialChars: /\t/ }),
        lineFeedMarkers,
        EditorView.lineWrapping,
        keymap.of([...streamKeymap, ...historyKeymap]),
        EditorView.contentAttributes.of({ 'aria-label': options.label, 'aria-describedby': options.describedBy }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) options.onChange();
        }),
        theme,
      ],
    }),
  });

  return {
    getText: () => view.state.doc.toString(),
    setText(text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, selection: EditorSelection.cursor(0) });
    },
    insert(text) {
      view.dispatch(view.state.replaceSelection(text), { scrollIntoView: true });
    },
    append(text) {
      const end = view.state.doc.length;
      view.dispatch({ changes: { from: end, insert: text }, selection: EditorSelection.cursor(end + text.length), scrollIntoView: true });
    },
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}
