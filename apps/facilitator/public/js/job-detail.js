/**
 * One job: facts, stages timeline, error details, stdout, stderr and artifacts. While the job runs,
 * its statuses arrive through Server-Sent Events and the page updates without a reload.
 */
import { getJob, jobEvents } from './api.js';
import { el, formatDuration, formatTime, statusBadge } from './dom.js';
import { artifactsTable, errorDetails, output, timeline } from './job-outputs.js';

const TERMINAL = new Set(['completed', 'failed', 'horde_failed', 'rejected', 'cancelled']);

function facts(job) {
  const history = job.status_history ?? [];
  const total = history.length > 1 ? new Date(history.at(-1).created_at).getTime() - new Date(history[0].created_at).getTime() : undefined;
  const rows = [
    ['Status', statusBadge(job.status)],
    ['Image', job.docker_image ?? '—'],
    ['Arguments', (job.args ?? []).join(' ') || '—'],
    ['Executor class', job.executor_class ?? '—'],
    ['Validator', job.target_validator_hotkey ?? '—'],
    ['Namespace', job.job_namespace ?? '—'],
    ['Tag', job.tag || '—'],
    ['Created', formatTime(job.created_at)],
    ['Last update', formatTime(job.last_update)],
    ['Elapsed', total === undefined ? '—' : formatDuration(total)],
  ];
  return el('dl', { class: 'facts card', id: 'job-facts' }, rows.flatMap(([name, value]) => [el('dt', {}, name), el('dd', {}, value)]));
}

function render(job) {
  const history = job.status_history ?? [];
  return [
    el('div', { class: 'toolbar' }, el('h1', {}, 'Job ', el('span', { class: 'mono', id: 'job-uuid' }, job.uuid)), el('span', { id: 'job-status' }, statusBadge(job.status))),
    facts(job),
    errorDetails(history),
    el('h2', {}, 'Stages'),
    timeline(history),
    el('h2', {}, 'stdout'),
    output('stdout', job.stdout),
    el('h2', {}, 'stderr'),
    output('stderr', job.stderr),
    el('h2', {}, 'Artifacts'),
    artifactsTable(job.artifacts),
  ];
}

export function jobDetailView({ uuid, onError }) {
  const content = el('div', {}, el('p', { class: 'muted' }, 'Loading…'));
  const live = el('p', { class: 'muted', id: 'live' });
  const node = el('section', {}, el('p', {}, el('a', { href: '#/jobs' }, '← All jobs')), content, live);
  let stopped = false;
  let events;

  const closeEvents = () => {
    events?.close();
    events = undefined;
  };

  // One request at a time; statuses arriving meanwhile cause one more load after it.
  let loading = false;
  let again = false;
  async function load() {
    if (loading) {
      again = true;
      return;
    }
    loading = true;
    try {
      const job = await getJob(uuid);
      if (stopped) return;
      content.replaceChildren(...render(job).filter(Boolean));
      if (TERMINAL.has(job.status)) {
        closeEvents();
        live.textContent = '';
      } else if (events === undefined) {
        follow();
      }
    } catch (error) {
      if (!stopped) onError(error, content);
    } finally {
      loading = false;
      if (again && !stopped) {
        again = false;
        void load();
      }
    }
  }

  function follow() {
    events = jobEvents(uuid);
    live.textContent = 'Following live statuses…';
    // Each status (the history first, then live ones) reloads the job for its outputs.
    events.addEventListener('status', (event) => {
      const entry = JSON.parse(event.data);
      if (TERMINAL.has(entry.status)) closeEvents();
      void load();
    });
    events.addEventListener('error', () => {
      if (events?.readyState === 2) live.textContent = 'Live updates stopped; reload the page to resume.';
    });
  }

  void load();
  return {
    node,
    dispose() {
      stopped = true;
      closeEvents();
    },
  };
}
