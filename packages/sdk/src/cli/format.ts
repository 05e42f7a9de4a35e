/** How the `horde` CLI prints jobs. */
import type { JobResult, StatusEntry } from '../job';

/** One line per stage: seconds since the watch started, the status, and why it failed if it did. */
export function stageLine(entry: StatusEntry, startedAt: number): string {
  const elapsed = ((Date.now() - startedAt) / 1000).toFixed(2).padStart(7);
  return `[${elapsed}s] ${entry.status}${reasonOf(entry)}`;
}

function reasonOf(entry: StatusEntry): string {
  const m = entry.metadata;
  const details = m?.job_failure_details ?? m?.horde_failure_details ?? m?.job_rejection_details;
  if (!details) return '';
  const stage = 'stage' in details ? ` at ${details.stage}` : '';
  return ` (${details.reason}${stage}: ${details.message})`;
}

/** The end of a job: status, error, stdout, stderr and artifacts (text shown, binary summarised). */
export function resultText(job: JobResult): string {
  const lines = [`job ${job.uuid}: ${job.status}`];
  if (job.error && job.error.kind !== 'cancelled' && job.error.details) {
    const d = job.error.details;
    lines.push(`error: ${job.error.kind}: ${d.reason}: ${d.message}`);
  }
  lines.push('--- stdout ---', job.stdout.replace(/\n$/, ''), '--- stderr ---', job.stderr.replace(/\n$/, ''));
  for (const [path, data] of Object.entries(job.artifacts)) {
    lines.push(`--- artifact ${path} (${data.length} bytes) ---`, printable(data) ?? '<binary>');
  }
  for (const [path, upload] of Object.entries(job.uploadResults)) {
    lines.push(`--- upload ${path} ---`, upload.body);
  }
  return lines.join('\n');
}

function printable(data: Buffer): string | undefined {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(data);
  const control = [...text].some((c) => {
    const code = c.charCodeAt(0);
    return code < 0x09 || (code > 0x0d && code < 0x20);
  });
  if (control || text.includes('\uFFFD')) return undefined;
  return text.replace(/\n$/, '');
}

export function listLine(job: JobResult): string {
  const created = job.statusHistory[0]?.created_at ?? '';
  return `${job.uuid}  ${job.status.padEnd(14)}  ${created}`;
}
