/**
 * The harness's own logic, without servers: how arrival patterns are named
 * and how a guide's a2enmod/a2dismod lines become the loaded module list.
 */
import { describe, it, expect } from 'vitest';
import { arrivalPattern, type Arrival } from './harness/arrivals.ts';
import { modulesAfter } from './harness/apache-modules.ts';
import { describeWithServers, missingServer, serverBinaries } from './harness/requirements.ts';

function arrivals(pairs: Array<[sentAt: number, arrivedAt: number]>): Arrival[] {
  return pairs.map(([sentAt, arrivedAt]) => ({
    event: { type: 'message', data: '', lastEventId: '' },
    sentAt,
    arrivedAt,
    delayMs: arrivedAt - sentAt,
  }));
}

describe('arrivalPattern', () => {
  it('calls events that each arrive within the tolerance of their send time "one by one"', () => {
    expect(arrivalPattern(arrivals([[0, 5], [1000, 1010], [2000, 2200]]))).toBe('one by one');
  });

  it('calls events held back and released together "together at the end"', () => {
    expect(arrivalPattern(arrivals([[0, 4001], [1000, 4001], [2000, 4002], [4000, 4002]]))).toBe('together at the end');
  });

  it('calls 4 KiB-style batches "in batches"', () => {
    expect(arrivalPattern(arrivals([[0, 1005], [1000, 1005], [2000, 3004], [3000, 3004]]))).toBe('in batches');
  });

  it('says so when nothing was parsed', () => {
    expect(arrivalPattern([])).toBe('no events');
  });
});

describeWithServers(['apache2'], 'modulesAfter', () => {
  it('adds a module with the dependencies Debian lists for it, and removes what a2dismod names', () => {
    const modules = modulesAfter('a2dismod mpm_event\na2enmod mpm_prefork proxy_fcgi  # comment\n');
    expect(modules).not.toContain('mpm_event');
    expect(modules).toContain('mpm_prefork');
    expect(modules.indexOf('proxy')).toBeGreaterThanOrEqual(0);
    expect(modules.indexOf('proxy')).toBeLessThan(modules.indexOf('proxy_fcgi'));
  });
});

describe('missingServer', () => {
  const withoutApache = { ...serverBinaries, apache2: { path: '/nonexistent/apache2', aptPackage: 'apache2' } };

  it('names the missing binary and the apt-get command that installs it', () => {
    expect(missingServer(['apache2', 'openssl'], withoutApache)).toBe('no apache2 (apt-get install apache2)');
  });

  it('says nothing when everything is there', () => {
    const allPresent = Object.fromEntries(
      Object.entries(serverBinaries).map(([name, binary]) => [name, { ...binary, path: process.execPath }]),
    ) as typeof serverBinaries;
    expect(missingServer(['apache2', 'php-fpm'], allPresent)).toBeUndefined();
  });
});
