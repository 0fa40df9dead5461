import { checkRoomMessage, roomMessageLimits, type RoomMessage, type RoomMessageField, type RoomMessageProblem } from '../../lib/room/room-message.ts';
import { serializeEvent } from '../../lib/sse/serialize.ts';
import { BrokerUnavailableError, isMessageId, type BroadcastBroker, type BrokerMessage } from '../broadcast/broker.ts';
import type { Endpoint } from '../endpoint.ts';
import type { EventStream } from '../event-stream.ts';
import { HttpError } from '../http-error.ts';
import { RateLimit } from '../rate-limit.ts';
import { readJsonBody } from '../request-body.ts';

/**
 * The broadcast room: every open listener receives every message.
 *
 *   POST /api/room  {"name": "Ada", "text": "Hello"}
 *     -> 201 {"id": "1795392000000-0"}
 *
 *   GET /api/sse/room                      (a new listener: the history, then live)
 *     -> 200 text/event-stream
 *        id: 1795392000000-0
 *        data: {"name":"Ada","text":"Hello","at":"2026-11-22T02:00:00.000Z"}
 *
 *        event: live
 *        data: {"replayed":1}
 *
 *        id: 1795392004211-0                ...every message posted from now on
 *        data: {"name":"Grace","text":"Hi Ada","at":"2026-11-22T02:00:04.211Z"}
 *
 *   GET /api/sse/room   Last-Event-ID: 1795392000000-0   (the browser reconnecting)
 *     -> only the messages after that id, then `live`: no gap, no duplicate
 *        (https://html.spec.whatwg.org/multipage/server-sent-events.html#the-last-event-id-header)
 *
 * When the missed messages are no longer all in the history (the id is older
 * than the history, or from before a restart), the stream starts with a
 * `reset` event, then sends the whole history. The reset carries an empty
 * `id:`, so a reader that gets no history after it stops sending the stale id.
 * A `Last-Event-ID` that is not an id of this room gets 400.
 *
 * Messages are plain text in JSON, checked by lib/room/room-message.ts, and
 * rate-limited per client address and for the room as a whole. Messages and
 * history go through a BroadcastBroker; this module never holds the history
 * itself, so a broker shared by several processes can replace the in-memory one.
 */
export const roomLimits = {
  ...roomMessageLimits,
  /** Bytes of the JSON request body: room for the longest message even with every character \u-escaped. */
  maxBodyBytes: 8 * 1024,
  /** Messages one client address may post per window (default; SSE_ROOM_CLIENT_RATE_LIMIT sets it). */
  messagesPerClient: 10,
  /** Messages the whole room accepts per window, from all clients together: bounds the fan-out work (default; SSE_ROOM_RATE_LIMIT sets it). */
  messagesPerRoom: 100,
  windowMs: 10_000,
  /** Messages a new listener gets first. */
  historyMessages: 50,
  /** Payload bytes of that history: 50 short messages fit; a flood of long ones is cut by bytes. */
  historyBytes: 32 * 1024,
} as const;

const problemText: Record<RoomMessageProblem, Record<RoomMessageField, string>> = {
  missing: { name: 'is required (a string)', text: 'is required (a string)' },
  empty: { name: 'is empty', text: 'is empty' },
  tooLong: { name: 'is too long', text: 'is too long' },
  invalidCharacter: {
    name: 'contains a control character or an invisible formatting character (line break, tab, zero-width space, direction mark or the like), which the room does not accept in names',
    text: 'contains a control character or a line separator (line break, tab, U+2028, U+2029 or the like), which the room does not accept',
  },
};

/** A reader of the room: its stream, and while its history is still being sent, the live messages held back meanwhile. */
interface Listener {
  stream: EventStream;
  heldBack: BrokerMessage[] | null;
}

export interface Room {
  /** `GET /api/sse/room`: the history, then every new message. */
  listen: Endpoint;
  /** `POST /api/room`: publishes one message. */
  post: Endpoint;
}

function wireText(message: BrokerMessage): string {
  return serializeEvent({ id: message.id, data: message.data });
}

/** The room's rate limits, per `roomLimits.windowMs`; the endpoint's configuration may raise or lower the defaults. */
export interface RoomRates {
  messagesPerClient: number;
  messagesPerRoom: number;
}

export function createRoom(broker: BroadcastBroker, rates: RoomRates = roomLimits): Room {
  const listeners = new Set<Listener>();
  const perClient = new RateLimit(rates.messagesPerClient, roomLimits.windowMs);
  const wholeRoom = new RateLimit(rates.messagesPerRoom, roomLimits.windowMs);

  // Fan-out: one subscription for the whole room, each message serialized
  // once, the same bytes written to every stream. A stream whose client does
  // not keep up is closed by EventStream when its queue passes the limit; it
  // reconnects with Last-Event-ID and catches up from the history.
  broker.subscribe((message) => {
    const wire = Buffer.from(wireText(message));
    for (const listener of listeners) {
      if (listener.heldBack === null) listener.stream.writeRaw(wire);
      else if (listener.heldBack.length < roomLimits.historyMessages) listener.heldBack.push(message);
      // A listener whose history takes this long to send is too slow to keep: it reconnects and resumes.
      else listener.stream.end();
    }
  });
  // Messages were lost on the way here: each listener reconnects with its
  // Last-Event-ID and gets what it missed from the history, or the reset.
  broker.onGap(() => {
    for (const listener of listeners) listener.stream.end();
  });

  /**
   * What a reader gets before its live messages, as one write: one chunk on
   * the wire instead of one per message. `reset` first when the reader has
   * a gap the history cannot fill, then the history, then the messages
   * published while the history was on its way, then `live`.
   */
  function replayText(complete: boolean, messages: BrokerMessage[], heldBack: BrokerMessage[]): string {
    let text = '';
    if (!complete) {
      const reason = 'Some messages since your last one are no longer in the history; here is all of it.';
      text += serializeEvent({ event: 'reset', id: '', data: JSON.stringify({ reason }) });
    }
    for (const message of messages) text += wireText(message);
    for (const message of heldBack) text += wireText(message);
    return text + serializeEvent({ event: 'live', data: JSON.stringify({ replayed: messages.length }) });
  }

  // Every new reader without a Last-Event-ID gets the same bytes until the
  // next message: serialize them once, not once per reader. The history is
  // a window that only moves forward, so its length and newest id name it.
  let wholeHistory: { key: string; bytes: Buffer } | null = null;
  function wholeHistoryBytes(messages: BrokerMessage[]): Buffer {
    const key = `${messages.length}/${messages.at(-1)?.id ?? ''}`;
    if (wholeHistory?.key !== key) wholeHistory = { key, bytes: Buffer.from(replayText(true, messages, [])) };
    return wholeHistory.bytes;
  }

  async function replayThenGoLive(listener: Listener, lastEventId: string | null): Promise<void> {
    const { messages, complete } = await broker.historySince(lastEventId);
    // Messages published while the history was on its way: send those the history did not already hold.
    let heldBack = listener.heldBack ?? [];
    if (heldBack.length > 0) {
      const sent = new Set(messages.map((message) => message.id));
      heldBack = heldBack.filter((message) => !sent.has(message.id));
    }
    listener.heldBack = null;
    const firstVisit = lastEventId === null && complete && heldBack.length === 0;
    listener.stream.writeRaw(firstVisit ? wholeHistoryBytes(messages) : Buffer.from(replayText(complete, messages, heldBack)));
  }

  const listen: Endpoint = {
    methods: ['GET'],
    async handle({ req, openStream }) {
      const header = req.headers['last-event-id'];
      const lastEventId = typeof header === 'string' && header !== '' ? header : null;
      if (lastEventId !== null && !isMessageId(lastEventId)) {
        throw new HttpError(400, `Last-Event-ID "${lastEventId.slice(0, 40)}" is not a message id of this room.`);
      }
      const stream = openStream();
      // Subscribe before reading the history, holding live messages back, so
      // nothing published in between is lost.
      const listener: Listener = { stream, heldBack: [] };
      listeners.add(listener);
      stream.onClose(() => listeners.delete(listener));
      try {
        await replayThenGoLive(listener, lastEventId);
      } catch (error) {
        if (!(error instanceof BrokerUnavailableError)) throw error;
        // Without its history the stream would have a silent gap: end it, and
        // the browser comes back after its reconnection time, when the
        // history may be reachable again.
        stream.end();
      }
    },
  };

  const post: Endpoint = {
    methods: ['POST'],
    async handle({ req, res, client }) {
      const wait = perClient.take(client);
      if (wait > 0) {
        throw new HttpError(
          429,
          `Too many messages: the room takes ${rates.messagesPerClient} per ${roomLimits.windowMs / 1000} s from one address; try again in ${wait} s.`,
          { 'Retry-After': String(wait) },
        );
      }
      const body = await readJsonBody(req, roomLimits.maxBodyBytes);
      const { name, text } = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
      const checked = checkRoomMessage(name, text);
      if (!checked.ok) {
        const max = checked.field === 'name' ? roomLimits.maxNameChars : roomLimits.maxTextChars;
        const limit = checked.problem === 'tooLong' ? ` (at most ${max} characters)` : '';
        throw new HttpError(400, `"${checked.field}" ${problemText[checked.problem][checked.field]}${limit}.`);
      }
      const roomWait = wholeRoom.take('room');
      if (roomWait > 0) {
        throw new HttpError(503, `The room is busy: it takes ${rates.messagesPerRoom} messages per ${roomLimits.windowMs / 1000} s in all; try again in ${roomWait} s.`, {
          'Retry-After': String(roomWait),
        });
      }
      // `sentAt` is taken right before the broker hands the message to the
      // streams (synchronously, with the in-memory broker): a reader on the
      // same machine subtracts it from its own clock to get the delivery latency.
      const message: RoomMessage = {
        name: checked.name,
        text: checked.text,
        at: new Date().toISOString(),
        sentAt: performance.timeOrigin + performance.now(),
      };
      let id: string;
      try {
        ({ id } = await broker.publish(JSON.stringify(message)));
      } catch (error) {
        if (!(error instanceof BrokerUnavailableError)) throw error;
        throw new HttpError(503, 'The room cannot deliver messages right now: its message bus is unreachable. Try again in a few seconds.', {
          'Retry-After': '5',
        });
      }
      res.writeHead(201, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify({ id }));
    },
  };

  return { listen, post };
}
