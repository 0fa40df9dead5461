import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { checkRoomMessage } from '../../lib/room/room-message.ts';
import { retryAfterSeconds } from '../http-answer.ts';
import { fill, type UiStrings } from '../ui-strings.ts';
import { DemoFrame } from './DemoFrame.tsx';
import type { DemoStringKey } from './demo-strings.ts';
import { isRunning, useEventSource } from './use-event-source.ts';

interface Props {
  /** The room's stream, `/api/sse/room`. */
  listenUrl: string;
  /** Where messages are posted, `/api/room`. */
  postUrl: string;
  /** This page, for the "open a second tab" link. */
  pageUrl: string;
  strings: UiStrings<DemoStringKey<'room'>>;
}

/** Where a message came from: the history a new listener gets, the replay after a reconnect, or live. */
type Phase = 'history' | 'replayed' | 'live';

interface FormMessage {
  text: string;
  isError: boolean;
  field?: 'name' | 'text' | undefined;
}

/**
 * Live demo of the broadcast room: join it, post a message, and watch it
 * arrive in every open tab. The history comes first (marked), then an
 * explicit `live` event from the server, then messages as they are posted;
 * after a reconnect only the missed ones are replayed (Last-Event-ID).
 * Everything a reader typed is shown as text (JSX text nodes), never as HTML.
 */
export default function RoomIsland({ listenUrl, postUrl, pageUrl, strings }: Props) {
  const phaseRef = useRef<Phase>('history');
  /** Ids of the messages in the log: after a `reset` the whole history comes again, and what is already shown is not repeated. */
  const shownIdsRef = useRef(new Set<string>());
  const repeatsSkippedRef = useRef(0);
  const nameRef = useRef<HTMLInputElement>(null);
  const textRef = useRef<HTMLInputElement>(null);
  const [name, setName] = useState('');
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [formMessage, setFormMessage] = useState<FormMessage | null>(null);
  const formMessageId = useId();

  const stream = useEventSource({
    strings,
    listen(source, record) {
      source.addEventListener('message', (event) => {
        if (shownIdsRef.current.has(event.lastEventId)) {
          repeatsSkippedRef.current += 1;
          return;
        }
        shownIdsRef.current.add(event.lastEventId);
        record(event, phaseRef.current);
      });
      source.addEventListener('reset', (event) => {
        record(event);
        stream.note(strings['demo.room.note.reset']);
      });
      source.addEventListener('live', (event) => {
        record(event);
        phaseRef.current = 'live';
        const { replayed } = JSON.parse(event.data) as { replayed: number };
        stream.note(fill(strings['demo.room.note.live'], { count: replayed }));
        if (repeatsSkippedRef.current > 0) stream.note(fill(strings['demo.room.note.repeats'], { count: repeatsSkippedRef.current }));
        repeatsSkippedRef.current = 0;
      });
    },
    // The browser reconnects with Last-Event-ID: what comes before the next `live` is a replay.
    onError: () => (phaseRef.current = 'replayed'),
  });
  const joined = isRunning(stream.state);

  // A name to start with, so a first message is one click away. Chosen after
  // hydration: a random value in the server-rendered HTML would not match.
  useEffect(() => {
    setName((current) => current || fill(strings['demo.room.name.default'], { n: 100 + Math.floor(Math.random() * 900) }));
  }, []);

  function join(): void {
    phaseRef.current = 'history';
    // A new join starts a new log.
    shownIdsRef.current.clear();
    repeatsSkippedRef.current = 0;
    stream.start(listenUrl);
  }

  function refuse(field: 'name' | 'text', message: string): void {
    setFormMessage({ text: message, isError: true, field });
    (field === 'name' ? nameRef : textRef).current?.focus();
  }

  async function send(event: Event): Promise<void> {
    event.preventDefault();
    if (sending) return;
    const checked = checkRoomMessage(name, text);
    if (!checked.ok) {
      const problem = checked.problem === 'missing' ? 'empty' : checked.problem;
      refuse(checked.field, strings[`demo.room.error.${checked.field}.${problem}`]);
      return;
    }
    // Sending joins the room, so the sender sees the message arrive like everyone else.
    if (!joined) join();
    setSending(true);
    try {
      const response = await fetch(postUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: checked.name, text: checked.text }),
      });
      if (response.ok) {
        setText('');
        setFormMessage({ text: strings['demo.room.sent'], isError: false });
      } else if (response.status === 429) {
        setFormMessage({ text: fill(strings['demo.room.error.rateLimited'], { seconds: retryAfterSeconds(response) ?? 10 }), isError: true });
      } else if (response.status === 503) {
        setFormMessage({ text: fill(strings['demo.room.error.busy'], { seconds: retryAfterSeconds(response) ?? 10 }), isError: true });
      } else {
        // The server's own reason is English; the checks above catch what a reader can type wrong.
        setFormMessage({ text: fill(strings['demo.room.error.refused'], { status: response.status }), isError: true });
      }
    } catch {
      setFormMessage({ text: fill(strings['demo.room.error.unreachable'], { url: postUrl }), isError: true });
    } finally {
      setSending(false);
      textRef.current?.focus();
    }
  }

  const invalid = (field: 'name' | 'text') => (formMessage?.isError && formMessage.field === field ? true : undefined);

  return (
    <DemoFrame
      name="room"
      strings={strings}
      stream={stream}
      tagLabel={(tag) => strings[`demo.room.tag.${tag as Phase}`]}
      controls={
        <>
          <form class="sse-room__form" onSubmit={send} noValidate>
            <label class="sse-room__field">
              {strings['demo.room.name']}
              <input
                ref={nameRef}
                type="text"
                class="sse-room__name"
                autocomplete="nickname"
                value={name}
                aria-invalid={invalid('name')}
                aria-describedby={formMessageId}
                onInput={(event) => setName(event.currentTarget.value)}
              />
            </label>
            <label class="sse-room__field sse-room__field--text">
              {strings['demo.room.text']}
              <input
                ref={textRef}
                type="text"
                class="sse-room__text"
                autocomplete="off"
                value={text}
                aria-invalid={invalid('text')}
                aria-describedby={formMessageId}
                onInput={(event) => setText(event.currentTarget.value)}
              />
            </label>
            <button type="submit" class="sse-demo__button" aria-disabled={sending}>
              {sending ? strings['demo.room.sending'] : strings['demo.room.send']}
            </button>
            <button
              type="button"
              class="sse-demo__button sse-demo__button--secondary"
              onClick={() => (joined ? stream.stop() : join())}
            >
              {joined ? strings['demo.room.leave'] : strings['demo.room.join']}
            </button>
          </form>
          <p class="sse-room__hint">
            {strings['demo.room.secondTab']}{' '}
            <a href={pageUrl} target="_blank" rel="noopener">
              {strings['demo.room.secondTab.link']}
            </a>
          </p>
        </>
      }
    >
      <p id={formMessageId} class="sse-room__message" data-error={formMessage?.isError ? '' : undefined} aria-live="polite">
        {formMessage?.text}
      </p>
    </DemoFrame>
  );
}
