import { describe, expect, it } from 'vitest';
import { dropHarmlessBuildWarnings, isHarmlessHeadInjectWarning } from '../../../src/site/build-warnings.ts';

const headInject = {
  code: 'MODULE_LEVEL_DIRECTIVE',
  message:
    'The semantics of the module level directive "use astro:head-inject" in "content/docs/index.mdx?astroPropagatedAssets" may not be preserved when bundling.',
  id: '/work/site/content/docs/index.mdx?astroPropagatedAssets',
};

describe('the build-log filter', () => {
  it('drops the head-inject directive warning of a content page', () => {
    expect(isHarmlessHeadInjectWarning(headInject)).toBe(true);
    expect(dropHarmlessBuildWarnings().onLog('warn', headInject)).toBe(false);
  });

  it('keeps the same warning for any other directive, such as "use client" in a library', () => {
    const useClient = {
      code: 'MODULE_LEVEL_DIRECTIVE',
      message: 'The semantics of the module level directive "use client" in "node_modules/x/index.js" may not be preserved when bundling.',
      id: '/work/site/node_modules/x/index.js',
    };
    expect(isHarmlessHeadInjectWarning(useClient)).toBe(false);
    expect(dropHarmlessBuildWarnings().onLog('warn', useClient)).toBe(true);
  });

  it('keeps the head-inject directive warning of a module that is not a content page', () => {
    const elsewhere = { ...headInject, message: headInject.message.replace('content/docs/index.mdx?astroPropagatedAssets', 'src/x.ts'), id: '/work/site/src/x.ts' };
    expect(isHarmlessHeadInjectWarning(elsewhere)).toBe(false);
  });

  it('keeps every other warning', () => {
    const circular = { code: 'CIRCULAR_DEPENDENCY', message: 'Circular dependency: a.ts -> b.ts -> a.ts' };
    expect(dropHarmlessBuildWarnings().onLog('warn', circular)).toBe(true);
  });
});
