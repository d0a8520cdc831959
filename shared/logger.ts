// The pino root logger and its redaction list. Core code receives a child logger; it never imports
// this module. Anything that could hold a secret is redacted by path before it is written.

import pino from 'pino';
import type { Logger } from 'pino';

export type { Logger } from 'pino';

const REDACT_PATHS = [
  'password',
  '*.password',
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'access_token',
  '*.access_token',
  'refreshToken',
  '*.refreshToken',
  'refresh_token',
  '*.refresh_token',
  'clientSecret',
  '*.clientSecret',
  'secretAccessKey',
  '*.secretAccessKey',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
  'url',
  '*.url',
  'connectionString',
  '*.connectionString',
];

export interface LoggerOptions {
  level: string;
  name?: string;
  destination?: pino.DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      name: options.name ?? 'spotlake',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err },
      base: { pid: process.pid },
    },
    options.destination ?? pino.destination({ dest: 2, sync: false }),
  );
}
