// S3 client factory. Checksums only when required: with the SDK's default, a streamed PutObject to
// s3rver is stored with its aws-chunked framing inside the object, corrupted without an error.

import { S3Client } from '@aws-sdk/client-s3';
import type { Config } from '../config';

export function createS3(config: Config): S3Client {
  return new S3Client({
    region: config.s3.region,
    endpoint: config.s3.endpoint,
    forcePathStyle: config.s3.forcePathStyle,
    // 'aws': the SDK's default chain (an ECS task role, an instance profile, AWS_* variables).
    credentials:
      config.s3.credentials === 'aws' || config.s3.accessKeyId === ''
        ? undefined
        : {
            accessKeyId: config.s3.accessKeyId,
            secretAccessKey: config.s3.secretAccessKey.reveal(),
          },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 5,
  });
}

export function describeS3(config: Config): string {
  return `${config.s3.endpoint ?? 'aws'}/${config.s3.bucket}`;
}
