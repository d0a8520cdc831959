// Stops what the global setup started (the private s3rver), by the handle it kept.

export default async function globalTeardown(): Promise<void> {
  const stop = (globalThis as { spotlakeTestStop?: () => Promise<void> }).spotlakeTestStop;
  await stop?.();
}
