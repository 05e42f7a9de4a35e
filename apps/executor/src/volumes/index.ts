export { downloadVolume } from './download-volume';
export type { VolumeReport } from './download-volume';
export type { DownloadVolumeOptions } from './options';
export { VOLUME_MAX_BYTES } from './options';
