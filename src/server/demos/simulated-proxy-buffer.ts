/**
 * What a buffering reverse proxy does to a response body: it collects what
 * the upstream writes and passes it on only a full buffer at a time, plus
 * whatever is left when the upstream ends the response. nginx does this with
 * `proxy_buffering on` (its default) unless the upstream sends
 * `X-Accel-Buffering: no`; this buffer honours no such header, like a proxy or
 * CDN that does not know it.
 * (https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_buffering)
 *
 * Memory stays below one block plus the last write: a full block leaves at once.
 */
export class SimulatedProxyBuffer {
  readonly #blockBytes: number;
  readonly #forward: (block: Buffer) => void;
  #gathered: Buffer[] = [];
  #size = 0;

  /** `forward` receives each block of exactly `blockBytes`, and the shorter rest at `end()`. */
  constructor(blockBytes: number, forward: (block: Buffer) => void) {
    this.#blockBytes = blockBytes;
    this.#forward = forward;
  }

  write(chunk: Buffer): void {
    this.#gathered.push(chunk);
    this.#size += chunk.byteLength;
    if (this.#size < this.#blockBytes) return;
    let rest = Buffer.concat(this.#gathered);
    while (rest.byteLength >= this.#blockBytes) {
      this.#forward(rest.subarray(0, this.#blockBytes));
      rest = rest.subarray(this.#blockBytes);
    }
    this.#gathered = rest.byteLength > 0 ? [rest] : [];
    this.#size = rest.byteLength;
  }

  /** The upstream ended the response: whatever was gathered goes out now. */
  end(): void {
    if (this.#size > 0) this.#forward(Buffer.concat(this.#gathered));
    this.#gathered = [];
    this.#size = 0;
  }
}
