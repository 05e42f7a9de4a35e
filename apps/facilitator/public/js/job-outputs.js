/**
 * The parts of a job's detail built from its results: the stages timeline, error details, stdout,
 * stderr and artifacts. Everything from the API goes in as text.
 */
import { el, formatDuration, formatSize, formatTime, statusBadge } from './dom.js';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Stages in order with their time and the time since the stage before. */
export function timeline(history) {
  const items = history.map((entry, index) => {
    const previous = index > 0 ? history[index - 1] : undefined;
    const delta = previous ? new Date(entry.created_at).getTime() - new Date(previous.created_at).getTime() : undefined;
    return el(
      'li',
      { 'data-status': entry.status },
      statusBadge(entry.status),
      el('span', { class: 'when' }, formatTime(entry.created_at)),
      delta === undefined ? null : el('span', { class: 'delta' }, `+${formatDuration(delta)}`),
    );
  });
  return el('ol', { class: 'timeline', id: 'timeline' }, items);
}

const DETAILS = [
  ['job_failure_details', 'Job failed', ['reason', 'stage', 'message', 'docker_process_exit_status']],
  ['horde_failure_details', 'Horde failure', ['reason', 'reported_by', 'message']],
  ['job_rejection_details', 'Rejected', ['reason', 'rejected_by', 'message']],
];

/** The failure, horde failure or rejection reported with the job's last such status, or null. */
export function errorDetails(history) {
  for (const entry of [...history].reverse()) {
    const metadata = entry.metadata ?? {};
    for (const [key, title, fields] of DETAILS) {
      const details = metadata[key];
      if (!details || typeof details !== 'object') continue;
      const rows = fields.filter((field) => details[field] !== undefined && details[field] !== null).flatMap((field) => [el('dt', {}, field), el('dd', {}, String(details[field]))]);
      const context = details.context ? el('pre', { class: 'output' }, JSON.stringify(details.context, null, 2)) : null;
      return el('div', { class: 'error', id: 'job-error' }, el('strong', {}, title), el('dl', { class: 'facts' }, rows), context);
    }
  }
  return null;
}

/** A `<pre>` of output text, or a note when there is none. */
export function output(id, text) {
  if (!text) return el('p', { class: 'muted', id }, '(empty)');
  return el('pre', { class: 'output', id }, text);
}

function decodedSize(base64) {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return Math.max(0, (base64.length / 4) * 3 - padding);
}

/** Artifacts (path → base64) with their size and a download link each. */
export function artifactsTable(artifacts) {
  const entries = Object.entries(artifacts ?? {});
  if (entries.length === 0) return el('p', { class: 'muted', id: 'artifacts' }, 'No artifacts.');
  const rows = entries.map(([path, content]) => {
    const valid = typeof content === 'string' && content.length % 4 === 0 && BASE64.test(content);
    const name = path.split('/').filter(Boolean).pop() ?? 'artifact';
    return el(
      'tr',
      { 'data-path': path },
      el('td', { class: 'mono' }, path),
      el('td', {}, valid ? formatSize(decodedSize(content)) : '—'),
      el('td', {}, valid ? el('a', { href: `data:application/octet-stream;base64,${content}`, download: name }, 'download') : 'not base64'),
    );
  });
  return el('table', { id: 'artifacts' }, el('thead', {}, el('tr', {}, ['Path', 'Size', ''].map((title) => el('th', {}, title)))), el('tbody', {}, rows));
}
