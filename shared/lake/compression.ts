// How NDJSON objects in the lake are compressed: the key's extension says, `.ndjson.gz` (gzip, by
// Node's zlib) or `.ndjson.zst` (Zstandard, by the `zstd` command, since Node 20 has no zstd).
//
// Bronze from MySQL is written zstd where the command is installed (BRONZE_CODEC, default auto).
// Measured on 158 MB of the tracks' bronze lines: gzip level 1 took 0.85 CPU s to compress, to
// 0.263 of the size, and 0.36-0.42 s to read back; `zstd -1` 0.35 s, to 0.164, and 0.12 s. Over
// 1,000,000 tracks that is about 12 CPU seconds less across the extractor and the s3-loaders, and
// 250 MB less through S3 (issue 10). Both are standard streams: `zcat` and `zstdcat` read them, and
// DuckDB's read_json reads either.

import { spawn, spawnSync } from 'node:child_process';
import { Duplex } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';

export type LakeCodec = 'gzip' | 'zstd';
export type BronzeCodecSetting = LakeCodec | 'auto';

export const NDJSON_EXT: Record<LakeCodec, string> = { gzip: 'ndjson.gz', zstd: 'ndjson.zst' };

/** The codec an object's key names by its extension; gzip unless it ends `.zst`. */
export function codecOfKey(key: string): LakeCodec {
  return key.endsWith('.zst') ? 'zstd' : 'gzip';
}

/** zlib's output buffer for gzip: 256 KB instead of 16 KB, fewer callbacks per object (issue 10). */
const GZIP_CHUNK = 256 * 1024;
/**
 * The reader's zlib output chunk. Measured on a 20,000-track bronze object (gunzip, split, parse):
 * 64 KB took 30% less CPU than zlib's 16 KB default, and 128 KB or 256 KB more.
 */
const GUNZIP_CHUNK = 64 * 1024;

let zstdFound: boolean | undefined;

/** Whether the `zstd` command runs here; asked once per process. */
export function zstdAvailable(): boolean {
  zstdFound ??= spawnSync('zstd', ['--version'], { stdio: 'ignore' }).status === 0;
  return zstdFound;
}

/** The codec new bronze objects get: zstd when asked for or, on auto, when the command is here. */
export function resolveBronzeCodec(setting: BronzeCodecSetting): LakeCodec {
  if (setting === 'gzip') {
    return 'gzip';
  }
  if (zstdAvailable()) {
    return 'zstd';
  }
  if (setting === 'zstd') {
    throw new Error(
      'BRONZE_CODEC=zstd needs the zstd command on the PATH (Debian: apt-get install zstd); ' +
        'set BRONZE_CODEC=gzip or auto to write gzip instead',
    );
  }
  return 'gzip';
}

/** A stream that compresses what is written to it in `codec`. */
export function compressor(codec: LakeCodec): Duplex {
  return codec === 'gzip'
    ? createGzip({ level: 1, chunkSize: GZIP_CHUNK })
    : new CommandStream(['-1', '-q', '-c'], 'zstd compression');
}

/** A stream that decompresses what is written to it from `codec`. */
export function decompressor(codec: LakeCodec): Duplex {
  return codec === 'gzip'
    ? createGunzip({ chunkSize: GUNZIP_CHUNK })
    : new CommandStream(['-d', '-q', '-c'], 'zstd decompression');
}

/**
 * The `zstd` command as a duplex stream: writes go to its stdin, its stdout is read, with
 * backpressure both ways. A write completes once the pipe has taken the bytes, so the writer may
 * reuse its buffer then. The stream fails if the command does, with what it printed; destroying the
 * stream kills the command.
 */
class CommandStream extends Duplex {
  private readonly child;
  private stderr = '';

  constructor(args: readonly string[], what: string) {
    super();
    this.child = spawn('zstd', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const { stdin, stdout, stderr } = this.child;
    stdout.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) {
        stdout.pause();
      }
    });
    stderr.on('data', (chunk: Buffer) => {
      this.stderr = `${this.stderr}${chunk.toString()}`.slice(-2_000);
    });
    // A command that dies mid-write breaks the pipe: its exit status below says why.
    stdin.on('error', () => undefined);
    this.child.once('error', (err: NodeJS.ErrnoException) =>
      this.destroy(
        new Error(
          err.code === 'ENOENT'
            ? `${what} needs the zstd command on the PATH (Debian: apt-get install zstd)`
            : `${what}: ${err.message}`,
        ),
      ),
    );
    // 'close' comes after stdout has ended, so every byte it produced has been pushed.
    this.child.once('close', (code, signal) => {
      if (code === 0) {
        this.push(null);
      } else if (!this.destroyed) {
        const why = code === null ? `was killed by ${signal ?? 'a signal'}` : `exited with ${code}`;
        this.destroy(new Error(`${what} failed: zstd ${why}: ${this.stderr.trim()}`));
      }
    });
  }

  override _read(): void {
    this.child.stdout.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (err?: Error) => void): void {
    this.child.stdin.write(chunk, (err) => done(err ?? undefined));
  }

  override _final(done: (err?: Error) => void): void {
    this.child.stdin.end(() => done());
  }

  override _destroy(err: Error | null, done: (err: Error | null) => void): void {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGKILL');
    }
    done(err);
  }
}
