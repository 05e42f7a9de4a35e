import { describe, expect, it } from 'vitest';
import { V0JobFailedRequest, V0JobStatusUpdate } from '@horde/protocol';
import { finalStatus, outcomeOfEnding, validatorHordeFailure } from './outcome';

describe('job outcomes', () => {
  it('turns the miner’s ending messages into the reference’s status metadata', () => {
    const failed = outcomeOfEnding(
      V0JobFailedRequest.parse({ message_type: 'V0JobFailedRequest', job_uuid: 'j', error_detail: 'exit 3', error_type: 'nonzero_return_code', stage: 'execution', docker_process_exit_status: 3 }),
    );
    const update = finalStatus('j', failed);
    expect(V0JobStatusUpdate.parse(update)).toEqual(update);
    expect(update).toMatchObject({ status: 'failed', metadata: { job_failure_details: { reason: 'nonzero_return_code', stage: 'execution', message: 'exit 3', docker_process_exit_status: 3 } } });

    const declined = finalStatus('j', outcomeOfEnding({ message_type: 'V0DeclineJobRequest', job_uuid: 'j', message: 'full', reason: 'busy', receipts: [] }));
    expect(declined).toMatchObject({ status: 'rejected', metadata: { job_rejection_details: { rejected_by: 'miner', reason: 'busy' } } });

    const legacy = finalStatus('j', outcomeOfEnding({ message_type: 'V0ExecutorFailedRequest', job_uuid: 'j' }));
    expect(legacy).toMatchObject({ status: 'horde_failed', metadata: { horde_failure_details: { reason: 'executor_spinup_failed' } } });
  });

  it('reports validator-side failures as horde_failed by the validator, and cancellation without metadata', () => {
    expect(finalStatus('j', validatorHordeFailure('execution_timed_out', 'late'))).toMatchObject({
      status: 'horde_failed',
      metadata: { horde_failure_details: { reported_by: 'validator', reason: 'execution_timed_out', message: 'late' } },
    });
    expect(finalStatus('j', { kind: 'cancelled', reason: 'x' })).toEqual({ message_type: 'V0JobStatusUpdate', uuid: 'j', status: 'cancelled', metadata: null });
  });
});
