import { demoStringKeys } from './demo-strings.ts';

/** The i18n keys the broadcast room demo uses (content/i18n/*.json): the shared ones and its own. */
export const roomStringKeys = [
  ...demoStringKeys,
  'demo.room.caption',
  'demo.room.explainer',
  'demo.room.join',
  'demo.room.leave',
  'demo.room.name',
  'demo.room.name.default',
  'demo.room.text',
  'demo.room.send',
  'demo.room.sending',
  'demo.room.secondTab',
  'demo.room.secondTab.link',
  'demo.room.tag.history',
  'demo.room.tag.replayed',
  'demo.room.tag.live',
  'demo.room.note.live',
  'demo.room.note.reset',
  'demo.room.note.repeats',
  'demo.room.error.name.empty',
  'demo.room.error.name.tooLong',
  'demo.room.error.name.invalidCharacter',
  'demo.room.error.text.empty',
  'demo.room.error.text.tooLong',
  'demo.room.error.text.invalidCharacter',
  'demo.room.error.rateLimited',
  'demo.room.error.busy',
  'demo.room.error.refused',
  'demo.room.error.unreachable',
  'demo.room.sent',
] as const;

export type RoomStringKey = (typeof roomStringKeys)[number];
