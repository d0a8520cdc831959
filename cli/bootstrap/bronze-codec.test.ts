// The bronze codec a machine gets, and what the bootstrap tells its user about it: zstd where the
// command is installed (it is here: .ci/apt-packages), gzip when asked.

import { bronzeCodecLine } from './bootstrap';
import { codecOfKey, NDJSON_EXT, resolveBronzeCodec } from '../../shared/lake/compression';

describe('bronze codec', () => {
  it('writes zstd on auto where the zstd command runs, and gzip when asked', () => {
    expect(resolveBronzeCodec('auto')).toBe('zstd');
    expect(resolveBronzeCodec('zstd')).toBe('zstd');
    expect(resolveBronzeCodec('gzip')).toBe('gzip');
    expect(bronzeCodecLine('auto')).toBe('bronze   zstd (the zstd command)');
    expect(bronzeCodecLine('gzip')).toBe('bronze   gzip (BRONZE_CODEC=gzip)');
  });

  it('reads the codec off the key, so a lake may hold objects of both', () => {
    expect(
      codecOfKey(`bronze/mysql/t/updated_at=2024-05-01/part-00000-00000.${NDJSON_EXT.zstd}`),
    ).toBe('zstd');
    expect(
      codecOfKey(`quarantine/mysql/t/updated_at=2024-05-01/part-00000.${NDJSON_EXT.gzip}`),
    ).toBe('gzip');
  });
});
