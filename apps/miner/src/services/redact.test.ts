import { describe, expect, it } from 'vitest';
import { TEST_WALLETS, buildInitialJob, buildJobRequest } from '@horde/testkit';
import { redactInitialJobRequest, redactJobRequest } from './redact';

describe('redactJobRequest', () => {
  it('keeps env keys, drops their values and Hugging Face tokens, keeps the rest', () => {
    const request = {
      ...buildJobRequest({ jobUuid: 'j', env: { API_KEY: 's3cret', MODE: 'fast' }, cmd: ['run'] }),
      volume: {
        volume_type: 'multi_volume' as const,
        volumes: [
          { volume_type: 'huggingface_volume' as const, repo_id: 'org/model', token: 'hf_abc' },
          { volume_type: 'single_file' as const, url: 'http://x/y', relative_path: 'y' },
        ],
      },
    };
    const stored = redactJobRequest(request);
    expect(stored.env).toEqual({ API_KEY: '[redacted]', MODE: '[redacted]' });
    expect(stored.docker_run_cmd).toEqual(['run']);
    expect(JSON.stringify(stored)).not.toMatch(/s3cret|fast|hf_abc/);
    expect(JSON.stringify(stored)).toContain('org/model');
    expect(request.env.API_KEY).toBe('s3cret'); // the message itself is untouched
  });

  it('redacts the token of a Hugging Face volume in the initial request', () => {
    const initial = buildInitialJob(TEST_WALLETS.validator, TEST_WALLETS.miner.address, { volume: { volume_type: 'huggingface_volume', repo_id: 'a/b', token: 'hf_xyz' } });
    expect(redactInitialJobRequest(initial).volume).toEqual({ volume_type: 'huggingface_volume', repo_id: 'a/b', token: '[redacted]' });
  });
});
