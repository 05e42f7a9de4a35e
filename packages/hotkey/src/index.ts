export { hotkeyErrors } from './errors';
export type { HotkeyErrorCode } from './errors';

export { ready, sign, verify, pythonMessageBytes } from './sign';
export type { Message } from './sign';

export { SS58_FORMAT, hotkeyFromMnemonic, hotkeyFromSecret, hotkeyFromSeed, ss58FromPublicKey } from './keys';
export type { Hotkey, KeySecret } from './keys';

export { hotkeyPath, loadColdkeyPub, loadHotkey, loadKeyfile, writeColdkeyPub, writeKeyfile } from './wallet';
export type { HotkeyLocation, WriteOptions } from './wallet';
export { keyfileEncryption, parseColdkeyPub, parseHotkeyfile, serializeColdkeyPub, serializeHotkeyfile } from './keyfile';
export type { KeyfileEncryption } from './keyfile';

export { facilitatorAuthBlob, receiptSigningBlob, streamingReadyBlob, validatorAuthBlob } from './blobs';
export { RECEIPT_TYPES, receiptPayloadDump } from './receipt-payload';
export type { ReceiptPayloadInput, ReceiptType } from './receipt-payload';

export { compareCodePoints, pythonJsonDumps, pythonNumberRepr, pythonStringLiteral } from './python-json';
export type { PythonJsonDumpsOptions, PythonJsonValue } from './python-json';
export { pydanticDatetime } from './pydantic-datetime';

export { TEST_WALLETS, TEST_WALLET_NAMES, testColdkey, testKeypair, writeTestWallet } from './test-wallets';
export type { TestWallet, TestWalletName } from './test-wallets';

export {
  BITTENSOR_SIGNATURE_TYPE,
  SIGNATURE_HEADERS,
  nowNs,
  requestDigest,
  requestPayloadBytes,
  signRequest,
  signatureFromHeaders,
  signatureToHeaders,
  verifyRequestSignature,
} from './request-signature';
export type { HeaderSource, RequestPayload, SigningKey } from './request-signature';
export { jobDockerSignedPayload, signedFieldsJson, uploadModelDump, v2JobSignedPayload, volumeModelDump } from './signed-fields';
export type { JobDockerSignedBody, SignedFieldsInput } from './signed-fields';
