// The browser side of events.php: list each tick as it arrives, and close
// the connection on `done`, so the browser does not reconnect.
const list = document.querySelector('#ticks');
const source = new EventSource('/sse/events.php');

source.addEventListener('tick', (event) => {
  const { tick, time } = JSON.parse(event.data);
  const item = document.createElement('li');
  item.textContent = `Tick ${tick}, sent ${time}`;
  list.append(item);
});

source.addEventListener('done', () => source.close());
