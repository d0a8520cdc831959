// Queue names, one per stage. Producers and consumers import these; no name is written twice.

export const QUEUES = {
  extract: 'extract',
  s3Load: 's3-load',
  pgLoad: 'pg-load',
  validate: 'validate',
  transform: 'transform',
  /** Extract jobs that call the Spotify Web API: its rate limit is per app, so they share one limiter. */
  spotifyApi: 'spotify-api',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const STAGE_QUEUES: readonly QueueName[] = Object.values(QUEUES);

/** The queue a pipeline's extract jobs go to: Spotify API work is throttled apart from MySQL's. */
export function extractQueueFor(pipeline: string): QueueName {
  return pipeline === 'spotify_api' ? QUEUES.spotifyApi : QUEUES.extract;
}
