/**
 * One EventSource, three listeners. `show(listener, event)` is how this
 * page shows which listener ran; in an app it would update the page.
 */
export function listen(source, show) {
  // Only events with the line `event: notification` reach this listener.
  source.addEventListener('notification', (event) => {
    show('notification', event);
  });

  // Only events with `event: update` reach this one.
  source.addEventListener('update', (event) => {
    show('update', event);
  });

  // Events without an event field have the type "message":
  // onmessage receives those, and no named ones.
  source.onmessage = (event) => {
    show('onmessage', event);
  };
}
