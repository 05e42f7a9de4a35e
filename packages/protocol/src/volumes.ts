/**
 * Job input volumes (reference: `compute_horde_core/volume/_models.py`), discriminated by
 * `volume_type`. The executor downloads them into `/volume/<relative_path>`.
 */
import { z } from 'zod';

/** A base64-encoded zip, unpacked into the volume. */
export const InlineVolume = z.object({
  volume_type: z.literal('inline'),
  contents: z.string(),
  relative_path: z.string().nullish(),
});
export type InlineVolume = z.infer<typeof InlineVolume>;

/** A zip fetched over HTTP; for backwards compatibility the URL is in `contents`. */
export const ZipUrlVolume = z.object({
  volume_type: z.literal('zip_url'),
  contents: z.string(),
  relative_path: z.string().nullish(),
});
export type ZipUrlVolume = z.infer<typeof ZipUrlVolume>;

/** One file fetched over HTTP to `relative_path`. */
export const SingleFileVolume = z.object({
  volume_type: z.literal('single_file'),
  url: z.string(),
  relative_path: z.string(),
});
export type SingleFileVolume = z.infer<typeof SingleFileVolume>;

/** A Hugging Face snapshot (`repo_type` model/dataset/space; `allow_patterns` one or many globs). */
export const HuggingfaceVolume = z.object({
  volume_type: z.literal('huggingface_volume'),
  repo_id: z.string(),
  repo_type: z.string().nullish(),
  revision: z.string().nullish(),
  relative_path: z.string().nullish(),
  allow_patterns: z.union([z.string(), z.array(z.string())]).nullish(),
  token: z.string().nullish(),
});
export type HuggingfaceVolume = z.infer<typeof HuggingfaceVolume>;

/** The volumes a `multi_volume` may hold: every kind except `multi_volume` itself. */
export const SimpleVolume = z.discriminatedUnion('volume_type', [InlineVolume, ZipUrlVolume, SingleFileVolume, HuggingfaceVolume]);
export type SimpleVolume = z.infer<typeof SimpleVolume>;

/** Several volumes, downloaded one after another. */
export const MultiVolume = z.object({
  volume_type: z.literal('multi_volume'),
  volumes: z.array(SimpleVolume),
});
export type MultiVolume = z.infer<typeof MultiVolume>;

export const Volume = z.discriminatedUnion('volume_type', [InlineVolume, ZipUrlVolume, SingleFileVolume, MultiVolume, HuggingfaceVolume]);
export type Volume = z.infer<typeof Volume>;
export type VolumeType = Volume['volume_type'];
