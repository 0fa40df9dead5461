import { defineCollection } from 'astro:content';
import { z } from 'astro/zod';
import { docsLoader, i18nLoader } from '@astrojs/starlight/loaders';
import { docsSchema, i18nSchema } from '@astrojs/starlight/schema';
import englishStrings from './content/i18n/en.json' with { type: 'json' };

// The project's own UI strings (demos, playground) live in content/i18n/*.json.
// en.json is the reference: every key it has is required in every other
// locale, so a string that exists in one language only fails the build.
const projectStrings = z.object(
  Object.fromEntries(Object.keys(englishStrings).map((key) => [key, z.string().min(1)])),
);

export const collections = {
  docs: defineCollection({ loader: docsLoader(), schema: docsSchema() }),
  i18n: defineCollection({ loader: i18nLoader(), schema: i18nSchema({ extend: projectStrings }) }),
};
