import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { EntityDefinitionsSchema, type EntityDefinition } from './forge-runtime/kvs/entity-schema';

/**
 * What the local sandbox needs from manifest.yml to run the app as Forge would: which exported handler
 * serves each UI module's resolver, each queue consumer and each scheduled trigger. Reading the manifest
 * (rather than hard-coding keys) keeps the sandbox honest: a renamed function or handler breaks here too.
 * It also reads the custom entities (`app.storage.entities`), so declaring an entity in the manifest is
 * all the local runtime's store needs to accept and query it.
 */
const FunctionRef = z.object({ function: z.string() });
const Manifest = z.object({
  modules: z
    .object({
      'jira:adminPage': z.array(z.object({ key: z.string(), resolver: FunctionRef })).default([]),
      'jira:issueAction': z.array(z.object({ key: z.string(), resolver: FunctionRef })).default([]),
      scheduledTrigger: z
        .array(
          z.object({
            key: z.string(),
            function: z.string(),
            interval: z.enum(['fiveMinute', 'hour', 'day', 'week']),
          }),
        )
        .default([]),
      consumer: z.array(z.object({ key: z.string(), queue: z.string(), function: z.string() })).default([]),
      function: z.array(
        z.object({ key: z.string(), handler: z.string(), timeoutSeconds: z.number().optional() }),
      ),
    })
    .loose(),
  app: z
    .object({
      id: z.string(),
      storage: z.object({ entities: EntityDefinitionsSchema.optional() }).loose().optional(),
    })
    .loose(),
});

export interface FunctionBinding {
  /** The export of src/index.ts named by `handler: index.<export>`. */
  exportName: string;
  timeoutSeconds?: number;
}

export interface UiModuleBinding extends FunctionBinding {
  key: string;
  type: 'jira:adminPage' | 'jira:issueAction';
}

export interface AppManifest {
  uiModules: UiModuleBinding[];
  triggers: Array<FunctionBinding & { key: string; interval: 'fiveMinute' | 'hour' | 'day' | 'week' }>;
  consumers: Array<FunctionBinding & { queue: string }>;
  /** `app.storage.entities`, checked as @forge/manifest checks them; empty when none are declared. */
  entities: EntityDefinition[];
}

export function readAppManifest(file = path.resolve('manifest.yml')): AppManifest {
  const manifest = Manifest.parse(parse(readFileSync(file, 'utf8')));
  const functions = new Map(manifest.modules.function.map((f) => [f.key, f]));
  const bind = (functionKey: string): FunctionBinding => {
    const fn = functions.get(functionKey);
    const match = fn && /^index\.([A-Za-z_$][\w$]*)$/.exec(fn.handler);
    if (!fn || !match?.[1]) {
      throw new Error(`manifest.yml: function '${functionKey}' must have a handler 'index.<export>'`);
    }
    return {
      exportName: match[1],
      ...(fn.timeoutSeconds === undefined ? {} : { timeoutSeconds: fn.timeoutSeconds }),
    };
  };
  const { modules } = manifest;
  return {
    uiModules: [
      ...modules['jira:adminPage'].map((m) => ({
        key: m.key,
        type: 'jira:adminPage' as const,
        ...bind(m.resolver.function),
      })),
      ...modules['jira:issueAction'].map((m) => ({
        key: m.key,
        type: 'jira:issueAction' as const,
        ...bind(m.resolver.function),
      })),
    ],
    triggers: modules.scheduledTrigger.map((t) => ({
      key: t.key,
      interval: t.interval,
      ...bind(t.function),
    })),
    consumers: modules.consumer.map((c) => ({ queue: c.queue, ...bind(c.function) })),
    entities: manifest.app.storage?.entities ?? [],
  };
}
