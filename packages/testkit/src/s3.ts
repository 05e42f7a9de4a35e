import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import S3rver from 's3rver';
import { testkitErrors } from './errors';

export interface TestS3 {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly port: number;
  readonly region: string;
  /** s3rver accepts only its fixed key pair S3RVER / S3RVER. */
  readonly credentials: { accessKeyId: string; secretAccessKey: string };
  /** Path-style client for this server. */
  readonly client: S3Client;
  /** Temp directory holding the objects; removed by `close()`. */
  readonly directory: string;
  /** A URL that accepts a plain `fetch(url, { method: 'PUT', body })`. */
  presignPut(bucket: string, key: string, expiresS?: number): Promise<string>;
  presignGet(bucket: string, key: string, expiresS?: number): Promise<string>;
  getObject(bucket: string, key: string): Promise<Buffer>;
  close(): Promise<void>;
}

/** Starts an S3-compatible server (s3rver) on 127.0.0.1, port 0, with `buckets` created. */
export async function startS3(options: { buckets?: string[] } = {}): Promise<TestS3> {
  const directory = await mkdtemp(join(tmpdir(), 'horde-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    vhostBuckets: false,
    configureBuckets: (options.buckets ?? []).map((name) => ({ name })),
  });
  let port: number;
  try {
    ({ port } = await server.run());
  } catch (err) {
    await rm(directory, { recursive: true, force: true });
    throw testkitErrors.error('S3_FAILED', 'start s3rver', { cause: err });
  }
  const endpoint = `http://127.0.0.1:${port}`;
  const region = 'us-east-1';
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  // Presigned URLs must not carry an SDK checksum of an empty body, or a PUT of real bytes would
  // not match what was signed: only compute checksums where S3 requires them.
  const client = new S3Client({
    endpoint,
    region,
    credentials,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });

  return {
    endpoint,
    port,
    region,
    credentials,
    client,
    directory,
    presignPut: (bucket, key, expiresS = 3600) => getSignedUrl(client, new PutObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: expiresS }),
    presignGet: (bucket, key, expiresS = 3600) => getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: expiresS }),
    async getObject(bucket, key) {
      const { Body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      if (!Body) throw testkitErrors.error('S3_FAILED', `GetObject ${bucket}/${key} returned no body`);
      return Buffer.from(await Body.transformToByteArray());
    },
    async close() {
      client.destroy();
      const closing = server.close();
      server.httpServer?.closeAllConnections();
      try {
        await closing;
      } finally {
        await rm(directory, { recursive: true, force: true });
      }
    },
  };
}
