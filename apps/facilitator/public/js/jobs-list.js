/** The jobs list: newest first, paginated, refreshed every few seconds. */
import { listJobs } from './api.js';
import { el, formatTime, refreshingView, statusBadge } from './dom.js';

const PAGE_SIZE = 20;
const REFRESH_MS = 5000;

function jobRow(job) {
  return el(
    'tr',
    { 'data-uuid': job.uuid },
    el('td', { class: 'mono' }, el('a', { href: `#/jobs/${encodeURIComponent(job.uuid)}` }, job.uuid)),
    el('td', {}, statusBadge(job.status)),
    el('td', { class: 'mono' }, job.docker_image ?? '—'),
    el('td', {}, job.executor_class ?? '—'),
    el('td', {}, formatTime(job.created_at)),
    el('td', {}, formatTime(job.last_update)),
  );
}

function table(jobs) {
  if (jobs.length === 0) return el('p', { class: 'card muted' }, 'No jobs yet.');
  return el(
    'table',
    { id: 'jobs' },
    el('thead', {}, el('tr', {}, ['UUID', 'Status', 'Image', 'Executor class', 'Created', 'Last update'].map((title) => el('th', {}, title)))),
    el('tbody', {}, jobs.map(jobRow)),
  );
}

function pager(page, data) {
  const pages = Math.max(1, Math.ceil(data.count / PAGE_SIZE));
  return el(
    'div',
    { class: 'pager' },
    data.previous ? el('a', { href: `#/jobs?page=${page - 1}`, rel: 'prev' }, '← Newer') : null,
    el('span', { class: 'muted' }, `Page ${page} of ${pages} · ${data.count} jobs`),
    data.next ? el('a', { href: `#/jobs?page=${page + 1}`, rel: 'next' }, 'Older →') : null,
  );
}

export function jobsListView({ page, onError }) {
  const content = el('div', {}, el('p', { class: 'muted' }, 'Loading…'));
  const stamp = el('span', { class: 'muted', id: 'refreshed' });
  const node = el('section', {}, el('div', { class: 'toolbar' }, el('h1', {}, 'Jobs'), stamp), content);
  return refreshingView(node, content, {
    load: () => listJobs(page, PAGE_SIZE),
    show: (data) => {
      content.replaceChildren(table(data.results), pager(page, data));
      stamp.textContent = `refreshed ${formatTime(new Date().toISOString())}`;
    },
    onError,
    everyMs: REFRESH_MS,
  });
}
