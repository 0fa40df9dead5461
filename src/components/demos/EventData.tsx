import { Fragment } from 'preact';

/**
 * Event data laid out for a narrow pane: a line may break after a comma or
 * at a space, but never inside a JSON string without spaces, so a timestamp
 * such as "2026-11-22T01:52:53.123Z" stays whole (browsers would otherwise
 * break it after a hyphen).
 */
/** The longest string kept on one line: a timestamp with its quotes and bracket is 27. */
const maxWholeToken = 32;

export function EventData({ text }: { text: string }) {
  // String literals with their escapes (and the `:`, `}` or `]` right after
  // them, so no line starts with a lone bracket), or runs of anything else.
  const tokens = text.match(/"(?:[^"\\]|\\.)*"?[:}\]]*|[^"]+/g) ?? [];
  return (
    <code class="sse-demo__data">
      {tokens.map((token, index) => {
        if (token.startsWith('"')) {
          // Kept whole up to a length that fits a pane; a longer one (a reader's message) breaks where it must.
          return /\s/.test(token) || token.length > maxWholeToken ? token : <span key={index} class="sse-demo__token">{token}</span>;
        }
        const parts = token.split(',');
        return (
          <Fragment key={index}>
            {parts.map((part, at) => (
              <Fragment key={at}>
                {part}
                {at < parts.length - 1 && (
                  <>
                    ,<wbr />
                  </>
                )}
              </Fragment>
            ))}
          </Fragment>
        );
      })}
    </code>
  );
}
