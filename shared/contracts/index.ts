// One import for every stage contract.

export * from './extract';
export * from './orchestration';
export * from './pg-load';
export * from './queues';
export * from './run';
export * from './s3-load';
export * from './transform';
export * from './validate';
