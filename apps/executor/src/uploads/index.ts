export { OUTPUT_ZIP_KEY, SYSTEM_OUTPUT_KEY, uploadOutput } from './upload-output';
export type { UploadOutputOptions } from './options';
export { OUTPUT_ZIP_MAX_BYTES, OUTPUT_ZIP_MAX_FILES } from './options';
