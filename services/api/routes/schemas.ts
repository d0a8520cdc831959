// What every route may answer besides its own result: the error body of 400 and 401.

import { z } from 'zod';

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
