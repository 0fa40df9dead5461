/**
 * The stream editor (CodeMirror, ../browser/editor.ts) inside the island:
 * loaded with a dynamic import once the state is `ready`, so only this page
 * downloads CodeMirror and the editor opens with the URL's stream. Typing is
 * committed to `onCommit` after a quiet time; `commitNow` takes the exact
 * text at once, for the actions that must not lag behind the keyboard.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { StreamEditor } from '../browser/editor.ts';

/** Quiet time after the last keystroke before the stream is parsed again and written to the URL. */
const parseDebounceMs = 150;

interface EditorOptions {
  /** The committed text: the editor's first text, and the text while there is no editor. */
  text: string;
  ready: boolean;
  /** The editor's accessible name. */
  label: string;
  /** The id of the element that describes the editor. */
  describedBy: string;
  onCommit: (text: string) => void;
}

export function useEditor({ text, ready, label, describedBy, onCommit }: EditorOptions) {
  const hostRef = useRef<HTMLDivElement>(null);
  const editorRef = useRef<StreamEditor | null>(null);
  const debounceRef = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [editorReady, setEditorReady] = useState(false);
  const textRef = useRef(text);
  textRef.current = text;

  /** Takes the editor's exact text (also within the debounce window) into the model at once, ending any pending debounce. */
  const commitNow = (): string => {
    clearTimeout(debounceRef.current);
    const current = editorRef.current?.getText() ?? textRef.current;
    onCommit(current);
    return current;
  };

  useEffect(() => {
    if (!ready) return;
    let disposed = false;
    void import('../browser/editor.ts').then(({ createStreamEditor }) => {
      if (disposed || hostRef.current === null) return;
      editorRef.current = createStreamEditor({
        parent: hostRef.current,
        text: textRef.current,
        label,
        describedBy,
        onChange() {
          clearTimeout(debounceRef.current);
          debounceRef.current = setTimeout(commitNow, parseDebounceMs);
        },
      });
      setEditorReady(true);
    });
    return () => {
      disposed = true;
      clearTimeout(debounceRef.current);
      editorRef.current?.destroy();
    };
  }, [ready]);

  return { hostRef, editor: editorRef, editorReady, commitNow };
}
