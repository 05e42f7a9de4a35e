/**
 * Where the executor uploads job outputs (reference: `compute_horde_core/output_upload/_models.py`),
 * discriminated by `output_upload_type`.
 */
import { z } from 'zod';

const StringMap = z.record(z.string(), z.string());

/** Zip the whole `/output` and POST it as multipart field `file` (`output.zip`). */
export const ZipAndHttpPostUpload = z.object({
  output_upload_type: z.literal('zip_and_http_post'),
  url: z.string(),
  form_fields: StringMap.nullish(),
});
export type ZipAndHttpPostUpload = z.infer<typeof ZipAndHttpPostUpload>;

/** Zip the whole `/output` and PUT it. */
export const ZipAndHttpPutUpload = z.object({
  output_upload_type: z.literal('zip_and_http_put'),
  url: z.string(),
});
export type ZipAndHttpPutUpload = z.infer<typeof ZipAndHttpPutUpload>;

/** POST one file (S3 presigned-POST style). */
export const SingleFilePostUpload = z.object({
  output_upload_type: z.literal('single_file_post'),
  url: z.string(),
  form_fields: StringMap.nullish(),
  relative_path: z.string(),
  signed_headers: StringMap.nullish(),
});
export type SingleFilePostUpload = z.infer<typeof SingleFilePostUpload>;

/** PUT one file (presigned PUT). */
export const SingleFilePutUpload = z.object({
  output_upload_type: z.literal('single_file_put'),
  url: z.string(),
  relative_path: z.string(),
  signed_headers: StringMap.nullish(),
});
export type SingleFilePutUpload = z.infer<typeof SingleFilePutUpload>;

export const SingleFileUpload = z.discriminatedUnion('output_upload_type', [SingleFilePostUpload, SingleFilePutUpload]);
export type SingleFileUpload = z.infer<typeof SingleFileUpload>;

/** Each file uploaded on its own; `system_output` zips whatever was not uploaded individually. */
export const MultiUpload = z.object({
  output_upload_type: z.literal('multi_upload'),
  uploads: z.array(SingleFileUpload),
  system_output: z.discriminatedUnion('output_upload_type', [ZipAndHttpPostUpload, ZipAndHttpPutUpload]).nullish(),
});
export type MultiUpload = z.infer<typeof MultiUpload>;

export const OutputUpload = z.discriminatedUnion('output_upload_type', [
  SingleFilePostUpload,
  SingleFilePutUpload,
  ZipAndHttpPostUpload,
  ZipAndHttpPutUpload,
  MultiUpload,
]);
export type OutputUpload = z.infer<typeof OutputUpload>;
export type OutputUploadType = OutputUpload['output_upload_type'];

/** One upload's HTTP answer; `V0JobFinishedRequest.upload_results` holds these as JSON strings. */
export const HttpOutputVolumeResponse = z.object({
  headers: StringMap,
  body: z.string(),
});
export type HttpOutputVolumeResponse = z.infer<typeof HttpOutputVolumeResponse>;
