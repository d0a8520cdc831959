// Schemas several routes share: the error body, and the check that requested tables belong to
// the pipeline (so a 400 names `tables.1`, not a stack trace).

import { z } from 'zod';
import type { Pipeline } from '../../../shared/contracts';
import { tableProblem } from '../../../shared/queue/start-run';

export const errorBodySchema = z.object({
  error: z.object({
    status: z.number().int(),
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional(),
  }),
});

export const ERROR_RESPONSES = {
  400: {
    description: 'Malformed input; `error.fields` names each bad field',
    schema: errorBodySchema,
  },
  401: { description: 'No valid token', schema: errorBodySchema },
} as const;

export function checkTablesBelong(
  value: { pipeline: Pipeline; tables?: readonly string[] | undefined },
  ctx: z.RefinementCtx,
): void {
  value.tables?.forEach((table, index) => {
    const problem = tableProblem(value.pipeline, table);
    if (problem !== null) {
      ctx.addIssue({ code: 'custom', path: ['tables', index], message: problem });
    }
  });
}
