import { describe, expect, it } from 'vitest';
import { SimulatedProxyBuffer } from '../../../../src/server/demos/simulated-proxy-buffer.ts';

describe('the simulated proxy buffer', () => {
  it('forwards nothing until a full block has gathered, then exactly one block at a time', () => {
    const forwarded: Buffer[] = [];
    const buffer = new SimulatedProxyBuffer(4096, (block) => forwarded.push(Buffer.from(block)));
    const input = Buffer.alloc(10_000, 'abcdefghij');
    for (let offset = 0; offset < 4000; offset += 1000) buffer.write(input.subarray(offset, offset + 1000));
    expect(forwarded).toHaveLength(0);
    for (let offset = 4000; offset < 10_000; offset += 1000) buffer.write(input.subarray(offset, offset + 1000));
    expect(forwarded.map((block) => block.byteLength)).toEqual([4096, 4096]);
    buffer.end();
    expect(forwarded.map((block) => block.byteLength)).toEqual([4096, 4096, 1808]);
    expect(Buffer.concat(forwarded).equals(input)).toBe(true);
  });

  it('splits one large write into several blocks', () => {
    const sizes: number[] = [];
    const buffer = new SimulatedProxyBuffer(4096, (block) => sizes.push(block.byteLength));
    buffer.write(Buffer.alloc(9000));
    expect(sizes).toEqual([4096, 4096]);
    buffer.end();
    expect(sizes).toEqual([4096, 4096, 808]);
  });

  it('forwards nothing at the end when nothing is left', () => {
    const sizes: number[] = [];
    const buffer = new SimulatedProxyBuffer(4, (block) => sizes.push(block.byteLength));
    buffer.write(Buffer.from('abcd'));
    buffer.end();
    expect(sizes).toEqual([4]);
  });
});
