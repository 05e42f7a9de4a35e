export { OUTPUT_MAX_CHARS, truncateOutput } from './truncate';
export { ARTIFACT_MAX_BYTES, collectArtifacts } from './artifacts';
export type { CollectedArtifacts, SkippedArtifact } from './artifacts';
export { writeStdStreams } from './std-streams';
