// Queue names, one per stage. Producers and consumers import these; no name is written twice.

export const QUEUES = {
  extract: 'extract',
  s3Load: 's3-load',
  pgLoad: 'pg-load',
  validate: 'validate',
  transform: 'transform',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const STAGE_QUEUES: readonly QueueName[] = Object.values(QUEUES);
