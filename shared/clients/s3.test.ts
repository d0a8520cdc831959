// S3_CREDENTIALS=aws hands credentials to the AWS SDK's default chain (on ECS, the task role), so
// no key is configured at all; the default uses the configured keys, as MinIO and s3rver need.

import { loadConfig } from '../config';
import { createS3 } from './s3';

describe('createS3 credentials', () => {
  const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };

  beforeAll(() => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIA-FROM-THE-CHAIN';
    process.env.AWS_SECRET_ACCESS_KEY = 'secret-from-the-chain';
  });

  afterAll(() => {
    for (const [name, value] of [
      ['AWS_ACCESS_KEY_ID', saved.id],
      ['AWS_SECRET_ACCESS_KEY', saved.secret],
    ] as const) {
      if (value === undefined) {
        delete process.env[name];
      } else {
        process.env[name] = value;
      }
    }
  });

  async function accessKeyOf(env: NodeJS.ProcessEnv): Promise<string> {
    const s3 = createS3(loadConfig(env));
    try {
      return (await s3.config.credentials()).accessKeyId;
    } finally {
      s3.destroy();
    }
  }

  it('uses S3_ACCESS_KEY_ID by default', async () => {
    await expect(accessKeyOf({ S3_ACCESS_KEY_ID: 'minio-user' })).resolves.toBe('minio-user');
  });

  it('ignores the configured keys and asks the default chain with S3_CREDENTIALS=aws', async () => {
    await expect(
      accessKeyOf({ S3_ACCESS_KEY_ID: 'minio-user', S3_CREDENTIALS: 'aws' }),
    ).resolves.toBe('AKIA-FROM-THE-CHAIN');
  });
});
