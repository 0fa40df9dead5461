import type { Endpoint } from '../endpoint.ts';
import { HttpError } from '../http-error.ts';

/**
 * `/api/sse/notifications`: events of two named types and unnamed ones, at
 * random intervals, so a page sees which listener receives which:
 * `addEventListener('notification')` only the first kind,
 * `addEventListener('update')` only the second, and `onmessage` only the
 * events without an `event:` field (their type is `message`). Spec: "dispatch
 * the event" in
 * https://html.spec.whatwg.org/multipage/server-sent-events.html#dispatchMessage
 *
 *   GET /api/sse/notifications
 *     <- event: notification
 *        data: {"n":1,"title":"Build 1 passed"}
 *
 *        event: update
 *        data: {"n":2,"field":"online","value":7}
 *
 *        data: Message 3 has no event field
 *
 *        …                                   one every 0.5 to 2.5 s, until the client goes away
 *   GET /api/sse/notifications?lang=de      the same, with the texts in German
 *                                            ("Build 1 erfolgreich"), for the German pages' demo
 */
export const notificationsLimits = {
  /** Shortest and longest pause before the next event, in milliseconds. */
  minGapMs: 500,
  maxGapMs: 2500,
};

export type NotificationsLimits = typeof notificationsLimits;

/** The texts a reader sees in the events, per page language (`?lang=`, English by default). */
const texts = {
  en: {
    titles: ['Build {n} passed', 'New comment on your post', 'Backup finished', 'Invoice {n} paid'],
    unnamed: 'Message {n} has no event field',
  },
  de: {
    titles: ['Build {n} erfolgreich', 'Neuer Kommentar zu deinem Beitrag', 'Backup abgeschlossen', 'Rechnung {n} bezahlt'],
    unnamed: 'Nachricht {n} hat kein event-Feld',
  },
} as const;

function language(query: URLSearchParams): keyof typeof texts {
  const lang = query.get('lang') ?? 'en';
  if (lang === 'en' || lang === 'de') return lang;
  throw new HttpError(400, `Query parameter "lang" must be "en" or "de", got "${lang.slice(0, 20)}".`);
}

export function createNotificationsDemo(
  overrides: Partial<NotificationsLimits> = {},
  /** Source of randomness, in [0, 1); tests pass a seeded one. */
  random: () => number = Math.random,
): Endpoint {
  const limits: NotificationsLimits = { ...notificationsLimits, ...overrides };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  return {
    methods: ['GET'],
    handle({ query, openStream }) {
      const { titles, unnamed } = texts[language(query)];
      const stream = openStream();
      let n = 0;
      let timer: NodeJS.Timeout | undefined;
      const sendNext = (): void => {
        n += 1;
        const kind = pick(['notification', 'update', 'message'] as const);
        if (kind === 'notification') {
          stream.send({ event: 'notification', data: JSON.stringify({ n, title: pick(titles).replace('{n}', String(n)) }) });
        } else if (kind === 'update') {
          stream.send({ event: 'update', data: JSON.stringify({ n, field: 'online', value: 1 + Math.floor(random() * 20) }) });
        } else {
          stream.send({ data: unnamed.replace('{n}', String(n)) });
        }
        schedule();
      };
      const schedule = (): void => {
        const gap = limits.minGapMs + random() * (limits.maxGapMs - limits.minGapMs);
        timer = setTimeout(sendNext, gap);
      };
      schedule();
      stream.onClose(() => clearTimeout(timer));
    },
  };
}
