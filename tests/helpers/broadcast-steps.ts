/**
 * The broadcast pages' curl steps (servers/broadcasting, servers/scaling-out),
 * run with the pages' own command files: open streams, post a message, stop
 * the first stream as Ctrl+C does, post two more, and resume with the last id
 * the stopped stream printed in LAST_ID, as the page tells the reader to.
 * The caller checks what each printed.
 *
 *   const steps = await followBroadcastSteps({
 *     listen: 'broadcasting/listen.sh', send: 'broadcasting/send-message.sh', resume: 'broadcasting/resume.sh',
 *     listenPorts: { 3000: port }, sendPorts: { 3000: port }, streams: 2,
 *   });
 */
import { printedMessages, runShownCommand, startShownCommand } from './shown-command.ts';
import { waitFor } from './wait-for.ts';

export interface BroadcastSteps {
  /** The id the first send printed. */
  id: string;
  /** What each stream printed, the first one up to its stop. */
  streams: string[];
  /** The ids the two later sends printed. */
  missed: string[];
  /** What the resume command printed within 1.5 s. */
  resumed: string;
}

export async function followBroadcastSteps(options: {
  listen: string;
  send: string;
  resume: string;
  /** Where the listen command's URL port goes; sendPorts for the send and resume commands. */
  listenPorts: Record<number, number>;
  sendPorts: Record<number, number>;
  streams: number;
}): Promise<BroadcastSteps> {
  const { listen, send, resume, listenPorts, sendPorts } = options;
  const streams = Array.from({ length: options.streams }, () => startShownCommand(listen, listenPorts));
  const sendOne = async () => (await runShownCommand(send, sendPorts)).trim();
  try {
    // Time for the streams to open before anything is posted.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const id = await sendOne();
    for (const stream of streams) {
      await waitFor(() => printedMessages(stream.output()).some((event) => event.id === id), 5_000, `id ${id} printed by ${listen}`);
    }
    await streams[0]!.stop();
    const missed = [await sendOne(), await sendOne()];
    const lastPrinted = printedMessages(streams[0]!.output()).at(-1)?.id ?? '';
    const resumed = await runShownCommand(resume, sendPorts, { seconds: 1.5, env: { LAST_ID: lastPrinted } });
    return { id, streams: streams.map((stream) => stream.output()), missed, resumed };
  } finally {
    await Promise.all(streams.map((stream) => stream.stop()));
  }
}
