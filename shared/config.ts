// The one reader of process.env: a zod schema whose defaults work on a laptop (127.0.0.1 everywhere).
// A bad environment fails at start-up with every problem named by variable, never by value.

import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from './errors';
import { Secret } from './secret';

const SECRET_VARS = [
  'REDIS_PASSWORD',
  'MYSQL_PASSWORD',
  'PG_PASSWORD',
  'S3_SECRET_ACCESS_KEY',
  'API_TOKEN',
  'SPOTIFY_CLIENT_SECRET',
  'SPOTIFY_REFRESH_TOKEN',
] as const;

const port = z.coerce.number().int().min(1).max(65535);
const positiveInt = z.coerce.number().int().positive();
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const secret = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((v) => new Secret(v));
const optionalSecret = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : new Secret(v)));

const envSchema = z.object({
  SPOTLAKE_HOME: z.string().min(1).default(join(homedir(), '.spotlake')),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  REDIS_HOST: z.string().min(1).default('127.0.0.1'),
  REDIS_PORT: port.default(6379),
  REDIS_PASSWORD: optionalSecret,
  REDIS_TLS: bool.default(false),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only')
    .default('spotlake'),

  MYSQL_HOST: z.string().min(1).default('127.0.0.1'),
  MYSQL_PORT: port.default(3306),
  MYSQL_USER: z.string().min(1).default('root'),
  MYSQL_PASSWORD: secret(''),
  MYSQL_DATABASE: z.string().regex(/^\w+$/).default('spotify'),

  PG_HOST: z.string().min(1).default('127.0.0.1'),
  PG_PORT: port.default(5432),
  PG_USER: z.string().min(1).default('postgres'),
  PG_PASSWORD: secret(''),
  PG_DATABASE: z.string().regex(/^\w+$/).default('spotlake'),
  PG_SSL_MODE: z.enum(['disable', 'no-verify', 'verify-full']).default('disable'),

  S3_ENDPOINT: z.url().or(z.literal('')).default('http://127.0.0.1:4568'),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'a valid S3 bucket name')
    .default('spotlake-lake'),
  S3_ACCESS_KEY_ID: z.string().default('S3RVER'),
  S3_SECRET_ACCESS_KEY: secret('S3RVER'),
  S3_FORCE_PATH_STYLE: bool.default(true),
  S3_CREDENTIALS: z.enum(['keys', 'aws']).default('keys'),

  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  API_TOKEN: optionalSecret,
  HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(0),

  SPOTIFY_CLIENT_ID: z.string().default(''),
  SPOTIFY_CLIENT_SECRET: secret(''),
  SPOTIFY_API_URL: z.url().default('https://api.spotify.com/v1'),
  SPOTIFY_ACCOUNTS_URL: z.url().default('https://accounts.spotify.com'),
  SPOTIFY_REDIRECT_URI: z.url().default('http://127.0.0.1:8888/callback'),
  /** Where `spotlake auth` keeps the refresh token (mode 0600); default $SPOTLAKE_HOME/spotify-token.json. */
  SPOTIFY_TOKEN_FILE: z.string().optional(),
  /** A refresh token given directly (containers); takes precedence over the token file. */
  SPOTIFY_REFRESH_TOKEN: optionalSecret,
  SPOTIFY_TIMEOUT_MS: positiveInt.default(10_000),
  /** Retries of one request after a 5xx or a timeout, with exponential backoff, before the job retries. */
  SPOTIFY_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(4),
  SPOTIFY_RETRY_BASE_MS: positiveInt.default(500),
  SPOTIFY_CONCURRENCY: positiveInt.default(1),
  /** The spotify-api queue's limiter: at most this many jobs per window, shared by every replica. */
  SPOTIFY_QUEUE_MAX_JOBS: positiveInt.default(20),
  SPOTIFY_QUEUE_WINDOW_MS: positiveInt.default(30_000),
  /** Ids an enrichment table fetches per run at most; the rest follow in the next run. */
  SPOTIFY_ENRICH_MAX_IDS: positiveInt.default(2_000),
  IMPORT_MAX_FILE_BYTES: positiveInt.default(100 * 1024 * 1024),
  IMPORT_MAX_FILES: positiveInt.default(50),

  SCHEDULES_ENABLED: bool.default(true),
  SCHEDULE_TIMEZONE: z
    .string()
    .refine(isTimeZone, 'an IANA time zone such as UTC or Asia/Ho_Chi_Minh')
    .default('UTC'),
  MYSQL_SCHEDULE: z.string().min(1).default('0 5 * * *'),
  SPOTIFY_SCHEDULE: z.string().min(1).default('*/30 * * * *'),

  EXTRACT_PART_ROWS: positiveInt.default(50_000),
  BRONZE_OBJECT_ROWS: positiveInt.default(50_000),
  /** zstd where the `zstd` command is installed (auto), else gzip; see shared/lake/compression.ts. */
  BRONZE_CODEC: z.enum(['auto', 'zstd', 'gzip']).default('auto'),
  // A 10,000-row group of ~2 KB tracks held the s3-loader near 600 MB and the pg-loader near 450 MB
  // (issue 10); encoding and decoding a group allocates several times its size. 2,500 rows took
  // 8-10% less CPU than 5,000 in both loaders, and 1,500 more: fewer of a group's values outlive
  // V8's young generation, and the per-group work is still small.
  SILVER_ROW_GROUP_ROWS: positiveInt.default(2_500),
  JOB_ATTEMPTS: positiveInt.default(5),
  /** On SIGTERM, how long running jobs get to finish before they are handed back to the queue. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(20_000),
  BACKFILL_CONCURRENCY: positiveInt.default(4),
  EXTRACTOR_CONCURRENCY: positiveInt.default(2),
  S3_LOADER_CONCURRENCY: positiveInt.default(1),
  PG_LOADER_CONCURRENCY: positiveInt.default(2),
  VALIDATOR_CONCURRENCY: positiveInt.default(4),
  TRANSFORMER_CONCURRENCY: positiveInt.default(1),

  LISTENING_TIMEZONE: z
    .string()
    .refine(isTimeZone, 'an IANA time zone such as UTC or Europe/Paris')
    .default('UTC'),
  GOLD_ROW_GROUP_ROWS: positiveInt.default(10_000),
  MODELS_WORK_MEM: z
    .string()
    .regex(/^\d+(kB|MB|GB)$/, 'a PostgreSQL size such as 64MB')
    .default('64MB'),
});

type Env = z.infer<typeof envSchema>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    // Intl throws RangeError for an unknown zone; that is the answer, not a failure.
    return false;
  }
}

/** Reads `<NAME>_FILE` for each secret; the file must be 0600 or stricter. */
function resolveSecretFiles(env: NodeJS.ProcessEnv, problems: string[]): Record<string, string> {
  const resolved: Record<string, string> = {};
  for (const name of SECRET_VARS) {
    const path = env[`${name}_FILE`];
    if (path === undefined || path === '') {
      continue;
    }
    if (env[name] !== undefined) {
      problems.push(`${name}: set either ${name} or ${name}_FILE, not both`);
      continue;
    }
    try {
      const mode = statSync(path).mode & 0o777;
      if ((mode & 0o077) !== 0) {
        problems.push(
          `${name}_FILE: ${path} is readable by others (mode ${mode.toString(8)}); chmod 600 it`,
        );
        continue;
      }
      resolved[name] = readFileSync(path, 'utf8').trim();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
      problems.push(`${name}_FILE: cannot read ${path} (${code})`);
    }
  }
  return resolved;
}

function toConfig(env: Env) {
  return {
    home: env.SPOTLAKE_HOME,
    logLevel: env.LOG_LEVEL,
    redis: {
      host: env.REDIS_HOST,
      port: env.REDIS_PORT,
      password: env.REDIS_PASSWORD,
      isTls: env.REDIS_TLS,
    },
    queuePrefix: env.QUEUE_PREFIX,
    mysql: {
      host: env.MYSQL_HOST,
      port: env.MYSQL_PORT,
      user: env.MYSQL_USER,
      password: env.MYSQL_PASSWORD,
      database: env.MYSQL_DATABASE,
    },
    pg: {
      host: env.PG_HOST,
      port: env.PG_PORT,
      user: env.PG_USER,
      password: env.PG_PASSWORD,
      database: env.PG_DATABASE,
      sslMode: env.PG_SSL_MODE,
    },
    s3: {
      endpoint: env.S3_ENDPOINT === '' ? undefined : env.S3_ENDPOINT,
      region: env.S3_REGION,
      bucket: env.S3_BUCKET,
      accessKeyId: env.S3_ACCESS_KEY_ID,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY,
      forcePathStyle: env.S3_FORCE_PATH_STYLE,
      credentials: env.S3_CREDENTIALS,
    },
    api: { host: env.API_HOST, port: env.API_PORT, token: env.API_TOKEN },
    healthPort: env.HEALTH_PORT,
    spotify: {
      clientId: env.SPOTIFY_CLIENT_ID,
      clientSecret: env.SPOTIFY_CLIENT_SECRET,
      apiUrl: env.SPOTIFY_API_URL,
      accountsUrl: env.SPOTIFY_ACCOUNTS_URL,
      redirectUri: env.SPOTIFY_REDIRECT_URI,
      tokenFile: env.SPOTIFY_TOKEN_FILE ?? join(env.SPOTLAKE_HOME, 'spotify-token.json'),
      refreshToken: env.SPOTIFY_REFRESH_TOKEN,
      timeoutMs: env.SPOTIFY_TIMEOUT_MS,
      maxRetries: env.SPOTIFY_MAX_RETRIES,
      retryBaseMs: env.SPOTIFY_RETRY_BASE_MS,
      queueLimiter: { max: env.SPOTIFY_QUEUE_MAX_JOBS, duration: env.SPOTIFY_QUEUE_WINDOW_MS },
      enrichMaxIds: env.SPOTIFY_ENRICH_MAX_IDS,
    },
    imports: { maxFileBytes: env.IMPORT_MAX_FILE_BYTES, maxFiles: env.IMPORT_MAX_FILES },
    schedules: {
      enabled: env.SCHEDULES_ENABLED,
      timezone: env.SCHEDULE_TIMEZONE,
      mysql: env.MYSQL_SCHEDULE,
      spotifyApi: env.SPOTIFY_SCHEDULE,
    },
    tuning: {
      extractPartRows: env.EXTRACT_PART_ROWS,
      bronzeObjectRows: env.BRONZE_OBJECT_ROWS,
      bronzeCodec: env.BRONZE_CODEC,
      silverRowGroupRows: env.SILVER_ROW_GROUP_ROWS,
      jobAttempts: env.JOB_ATTEMPTS,
    },
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
    models: {
      /** Days, hours and weekdays of listening are counted in this zone. */
      timezone: env.LISTENING_TIMEZONE,
      goldRowGroupRows: env.GOLD_ROW_GROUP_ROWS,
      /** work_mem of the transform's session: the models hash and sort whole histories. */
      workMem: env.MODELS_WORK_MEM,
    },
    concurrency: {
      backfills: env.BACKFILL_CONCURRENCY,
      extractor: env.EXTRACTOR_CONCURRENCY,
      's3-loader': env.S3_LOADER_CONCURRENCY,
      'pg-loader': env.PG_LOADER_CONCURRENCY,
      validator: env.VALIDATOR_CONCURRENCY,
      transformer: env.TRANSFORMER_CONCURRENCY,
      'spotify-api': env.SPOTIFY_CONCURRENCY,
    },
  };
}

export type Config = Readonly<ReturnType<typeof toConfig>>;

/** Every variable the config reads, for docs and the .env.example check. */
export const CONFIG_VARIABLES: readonly string[] = [
  ...Object.keys(envSchema.shape),
  ...SECRET_VARS.map((name) => `${name}_FILE`),
];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const secrets = resolveSecretFiles(env, problems);
  const parsed = envSchema.safeParse({ ...env, ...secrets });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(`${issue.path.join('.')}: ${issue.message}`);
    }
  }
  if (problems.length > 0 || !parsed.success) {
    throw new ConfigError(problems);
  }
  return deepFreeze(toConfig(parsed.data));
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !(value instanceof Secret)) {
    for (const child of Object.values(value)) {
      deepFreeze(child);
    }
    Object.freeze(value);
  }
  return value;
}
