/**
 * The Kubernetes and Traefik files of the "ingress-nginx and Traefik" page.
 * Neither runs here (no cluster, no Traefik package), so this test checks
 * what can be checked without them: each file is YAML of the simple kind
 * the page shows (tests/helpers/yaml-key-paths.ts throws on anything else),
 * and each setting the page names sits at the path the vendor's docs give
 * it, with the value the page states.
 */
import { describe, expect, it } from 'vitest';
import { snippet } from '../../helpers/snippets.ts';
import { yamlEntries, yamlValues } from '../../helpers/yaml-key-paths.ts';

describe('ingress-nginx files', () => {
  it('kubernetes/ingress-nginx-sse.yaml is an Ingress with the buffering and read-timeout annotations', () => {
    const text = snippet('kubernetes/ingress-nginx-sse.yaml');
    expect(yamlValues(text, 'apiVersion')).toEqual(['networking.k8s.io/v1']);
    expect(yamlValues(text, 'kind')).toEqual(['Ingress']);
    const annotation = (name: string) => yamlValues(text, `metadata > annotations > nginx.ingress.kubernetes.io/${name}`);
    expect(annotation('proxy-buffering')).toEqual(['off']);
    // Unitless seconds, above the backend's 15 s heartbeat.
    expect(annotation('proxy-read-timeout')).toEqual(['60']);
    expect(yamlValues(text, 'spec > rules > - > http > paths > - > path')).toEqual(['/events']);
    expect(yamlValues(text, 'spec > rules > - > http > paths > - > backend > service > port > number')).toEqual(['3000']);
  });

  it('kubernetes/ingress-nginx-configmap.yaml is the controller ConfigMap with gzip on and no gzip-types', () => {
    const text = snippet('kubernetes/ingress-nginx-configmap.yaml');
    expect(yamlValues(text, 'kind')).toEqual(['ConfigMap']);
    expect(yamlValues(text, 'metadata > name')).toEqual(['ingress-nginx-controller']);
    expect(yamlValues(text, 'data > use-gzip')).toEqual(['true']);
    expect(yamlValues(text, 'data > proxy-buffering')).toEqual(['off']);
    expect(yamlValues(text, 'data > proxy-read-timeout')).toEqual(['60']);
    // The default gzip-types leave text/event-stream out; the file must not replace them.
    expect(yamlValues(text, 'data > gzip-types')).toEqual([]);
  });
});

describe('Traefik files', () => {
  it("traefik/traefik.yaml sets the entry point's responding timeouts to their documented defaults", () => {
    const text = snippet('traefik/traefik.yaml');
    const timeout = (name: string) => yamlValues(text, `entryPoints > websecure > transport > respondingTimeouts > ${name}`);
    expect(timeout('readTimeout')).toEqual(['60s']);
    expect(timeout('writeTimeout')).toEqual(['0s']);
    expect(timeout('idleTimeout')).toEqual(['180s']);
    expect(yamlValues(text, 'providers > file > filename')).toEqual(['/etc/traefik/dynamic.yml']);
  });

  it('traefik/dynamic.yaml compresses through a middleware that excludes text/event-stream, on the router', () => {
    const text = snippet('traefik/dynamic.yaml');
    expect(yamlValues(text, 'http > middlewares > compress-no-streams > compress > excludedContentTypes > -')).toEqual(['text/event-stream']);
    expect(yamlValues(text, 'http > routers > sse > middlewares > -')).toEqual(['compress-no-streams']);
    expect(yamlValues(text, 'http > routers > sse > service')).toEqual(['sse-backend']);
    expect(yamlValues(text, 'http > services > sse-backend > loadBalancer > servers > - > url')).toEqual(['http://127.0.0.1:3000']);
  });
});

describe('the line reader behind these checks', () => {
  it('refuses what it does not understand instead of reading it wrongly', () => {
    expect(() => yamlEntries('a:\n\tb: 1')).toThrow(/tab/);
    expect(() => yamlEntries('a:\n   b: 1')).toThrow(/odd indentation/);
    expect(() => yamlEntries('a: "open')).toThrow(/unsupported/);
    expect(() => yamlEntries('just text')).toThrow(/not a YAML key line/);
  });

  it('reads nesting, lists of scalars and lists of maps', () => {
    const text = 'a:\n  b: "x"\n  c:\n    - one\n    - k: v\n      l: w\nd: {}\n';
    expect(yamlEntries(text)).toEqual([
      { path: 'a > b', value: 'x' },
      { path: 'a > c > -', value: 'one' },
      { path: 'a > c > - > k', value: 'v' },
      { path: 'a > c > - > l', value: 'w' },
      { path: 'd', value: '{}' },
    ]);
  });
});
