import { z } from 'zod';

/**
 * Atlassian Document Format, checked structurally: a `doc` of version 1 whose nodes have a
 * type and, recursively, content. Jira itself validates node types against the ADF schema;
 * the simulator only guarantees the envelope and node shape, which is what callers get wrong.
 */
export interface AdfNode {
  type: string;
  text?: string;
  attrs?: Record<string, unknown>;
  marks?: Array<{ type: string; attrs?: Record<string, unknown> }>;
  content?: AdfNode[];
}

export interface AdfDoc {
  type: 'doc';
  version: 1;
  content: AdfNode[];
}

const AdfMarkSchema = z.object({
  type: z.string().min(1),
  attrs: z.record(z.string(), z.unknown()).optional(),
});

export const AdfNodeSchema: z.ZodType<AdfNode> = z.lazy(() =>
  z.object({
    type: z.string().min(1),
    text: z.string().optional(),
    attrs: z.record(z.string(), z.unknown()).optional(),
    marks: z.array(AdfMarkSchema).optional(),
    content: z.array(AdfNodeSchema).optional(),
  }),
);

export const AdfDocSchema: z.ZodType<AdfDoc> = z.object({
  type: z.literal('doc'),
  version: z.literal(1),
  content: z.array(AdfNodeSchema),
});

/** A one-paragraph document; seeds and tests use it. */
export function adfText(text: string): AdfDoc {
  return { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] };
}
