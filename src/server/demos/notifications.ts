import type { Endpoint } from '../endpoint.ts';

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
 */
export const notificationsLimits = {
  /** Shortest and longest pause before the next event, in milliseconds. */
  minGapMs: 500,
  maxGapMs: 2500,
};

export type NotificationsLimits = typeof notificationsLimits;

const titles = ['Build {n} passed', 'New comment on your post', 'Backup finished', 'Invoice {n} paid'];

export function createNotificationsDemo(
  overrides: Partial<NotificationsLimits> = {},
  /** Source of randomness, in [0, 1); tests pass a seeded one. */
  random: () => number = Math.random,
): Endpoint {
  const limits: NotificationsLimits = { ...notificationsLimits, ...overrides };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  return {
    methods: ['GET'],
    handle({ openStream }) {
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
          stream.send({ data: `Message ${n} has no event field` });
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
