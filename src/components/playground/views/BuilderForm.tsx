import { useRef, useState } from 'preact/hooks';
import { serializeEvent, type SseMessage } from '../../../lib/sse/serialize.ts';
import { fill } from '../../ui-strings.ts';
import type { PlaygroundStrings } from '../playground-strings.ts';
import { VisibleText } from './VisibleText.tsx';

interface Fields {
  event: string;
  data: string;
  id: string;
  retry: string;
  comment: string;
}

const emptyFields: Fields = { event: '', data: '', id: '', retry: '', comment: '' };

/**
 * The form's fields as an event for the serializer; an empty field is left
 * out. Null when retry is not a number at all (the serializer only sees
 * numbers, so it could not name what was typed).
 */
function toMessage(fields: Fields): SseMessage | null {
  const message: SseMessage = { data: fields.data };
  if (fields.event !== '') message.event = fields.event;
  if (fields.id !== '') message.id = fields.id;
  const retry = fields.retry.trim();
  if (retry !== '') {
    if (!/^[+-]?\d+(\.\d+)?$/.test(retry)) return null;
    // Negative or fractional values go on to the serializer, which refuses them in its own words.
    message.retry = Number(retry);
  }
  if (fields.comment !== '') message.comment = fields.comment;
  return message;
}

type Built = { text: string; error: null } | { text: null; error: string } | { text: null; error: null };

function build(fields: Fields, strings: PlaygroundStrings): Built {
  // An empty form would serialize to `data: ` and a blank line: an event
  // with empty data that nobody meant to write.
  if (Object.values(fields).every((value) => value === '')) return { text: null, error: null };
  const message = toMessage(fields);
  if (message === null) return { text: null, error: fill(strings['playground.builder.retryNotNumber'], { value: fields.retry.trim() }) };
  try {
    return { text: serializeEvent(message), error: null };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { text: null, error: fill(strings['playground.builder.error'], { message: reason }) };
  }
}

/** Builds one event from a form with the project's serializer and appends its wire text to the stream. */
export function BuilderForm({ strings, onAppend }: { strings: PlaygroundStrings; onAppend: (text: string) => void }) {
  const [fields, setFields] = useState<Fields>(emptyFields);
  const [pastedLineBreak, setPastedLineBreak] = useState(false);
  // Set by a paste with line breaks, read by the input event that follows it.
  const pasteHadLineBreak = useRef(false);
  const built = build(fields, strings);
  const empty = built.text === null && built.error === null;
  const describedBy = built.error === null ? undefined : 'pg-builder-error';
  const update = (name: keyof Fields, value: string) => {
    setFields({ ...fields, [name]: value });
    setPastedLineBreak(pasteHadLineBreak.current);
    pasteHadLineBreak.current = false;
  };

  // event, id and retry are one line on the wire, so they are inputs. An
  // input turns the line breaks of a paste into spaces (Chromium) or drops
  // them, without a word; the form says so.
  const line = (name: 'event' | 'id' | 'retry', label: string) => (
    <div class={`pg-builder__field pg-builder__field--${name}`}>
      <label for={`pg-builder-${name}`}>{label}</label>
      <input
        id={`pg-builder-${name}`}
        name={name}
        type="text"
        inputMode={name === 'retry' ? 'numeric' : undefined}
        autoComplete="off"
        spellcheck={false}
        value={fields[name]}
        onInput={(event) => update(name, event.currentTarget.value)}
        onPaste={(event) => {
          const pasted = event.clipboardData?.getData('text/plain') ?? '';
          pasteHadLineBreak.current = /[\r\n]/.test(pasted);
        }}
        aria-describedby={describedBy}
      />
    </div>
  );
  // A comment and the data may span lines: each line of them becomes a line of its own.
  const lines = (name: 'comment' | 'data', label: string, rows: number) => (
    <div class={`pg-builder__field pg-builder__field--${name}`}>
      <label for={`pg-builder-${name}`}>{label}</label>
      <textarea
        id={`pg-builder-${name}`}
        name={name}
        rows={rows}
        spellcheck={false}
        value={fields[name]}
        onInput={(event) => update(name, event.currentTarget.value)}
        aria-describedby={describedBy}
      />
    </div>
  );
  return (
    <form
      class="pg-builder"
      aria-labelledby="pg-builder-heading"
      onSubmit={(event) => {
        event.preventDefault();
        if (built.text !== null) onAppend(built.text);
      }}
    >
      <h2 id="pg-builder-heading" class="pg-heading">
        {strings['playground.builder.heading']}
      </h2>
      <p class="pg-help">{strings['playground.builder.help']}</p>
      <div class="pg-builder__grid">
        {line('event', strings['playground.builder.event'])}
        {line('id', strings['playground.builder.id'])}
        {line('retry', strings['playground.builder.retry'])}
        {lines('comment', strings['playground.builder.comment'], 1)}
        {lines('data', strings['playground.builder.data'], 3)}
      </div>
      <p class="pg-builder__preview-label" id="pg-builder-preview-label">
        {strings['playground.builder.preview']}
      </p>
      <pre class="pg-builder__preview" aria-labelledby="pg-builder-preview-label" tabIndex={0}>
        {built.text !== null && <VisibleText text={built.text} breakLines />}
        {empty && (
          <span id="pg-builder-empty" class="pg-builder__placeholder">
            {strings['playground.builder.empty']}
          </span>
        )}
      </pre>
      <p id="pg-builder-error" class="pg-builder__error" aria-live="polite">
        {built.error ?? (pastedLineBreak ? strings['playground.builder.lineBreaks'] : '')}
      </p>
      <button type="submit" class="pg-button" disabled={built.text === null} aria-describedby={empty ? 'pg-builder-empty' : undefined}>
        {strings['playground.builder.append']}
      </button>
    </form>
  );
}
