import { receiptSigningBlob, sign, verify } from '@horde/hotkey';
import type { Hotkey, ReceiptType } from '@horde/hotkey';
import type { ReceiptPayload, V0JobAcceptedReceiptRequest, V0JobFinishedReceiptRequest } from '@horde/protocol';
import type { ReceiptsRepo, Signatures } from '../db/receipts';
import { minerErrors } from '../errors';

/**
 * Receipts from validators: each payload must name this miner and the validator on the
 * connection, and carry that validator's signature over the reference's signing blob; the miner
 * then countersigns the same blob and stores both signatures.
 */
export class ReceiptService {
  constructor(
    private readonly hotkey: Hotkey,
    private readonly repo: ReceiptsRepo,
  ) {}

  /** Verifies a validator-signed payload and returns both signatures; throws RECEIPT_INVALID. */
  countersign(payload: ReceiptPayload, type: ReceiptType, validatorSignature: string, validatorHotkey: string): Signatures {
    if (payload.miner_hotkey !== this.hotkey.address) {
      throw minerErrors.error('RECEIPT_INVALID', `${type} names another miner`, { context: { jobUuid: payload.job_uuid } });
    }
    if (payload.validator_hotkey !== validatorHotkey) {
      throw minerErrors.error('RECEIPT_INVALID', `${type} names another validator`, { context: { jobUuid: payload.job_uuid } });
    }
    let blob: string;
    try {
      blob = receiptSigningBlob(payload, type);
    } catch (cause) {
      throw minerErrors.error('RECEIPT_INVALID', `${type} payload cannot be signed`, { cause, context: { jobUuid: payload.job_uuid } });
    }
    if (!verify(blob, validatorSignature, validatorHotkey)) {
      throw minerErrors.error('RECEIPT_INVALID', `${type} signature does not verify`, { context: { jobUuid: payload.job_uuid } });
    }
    return { validatorSignature, minerSignature: sign(this.hotkey, blob) };
  }

  /** Stores a V0JobAcceptedReceiptRequest; throws RECEIPT_INVALID. */
  async storeAccepted(message: V0JobAcceptedReceiptRequest, validatorHotkey: string): Promise<void> {
    const signatures = this.countersign(message.payload, 'JobAcceptedReceipt', message.signature, validatorHotkey);
    await this.repo.addAccepted(message.payload, signatures);
  }

  /** Stores a V0JobFinishedReceiptRequest; throws RECEIPT_INVALID. */
  async storeFinished(message: V0JobFinishedReceiptRequest, validatorHotkey: string): Promise<void> {
    const signatures = this.countersign(message.payload, 'JobFinishedReceipt', message.signature, validatorHotkey);
    await this.repo.addFinished(message.payload, signatures);
  }
}
