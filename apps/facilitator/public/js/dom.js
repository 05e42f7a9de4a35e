/* global document */
/**
 * DOM building without HTML parsing: every piece of data becomes a text node, so job output or a
 * status message containing markup is shown as text, never run.
 */

/**
 * `el('a', { href: '#/jobs', class: 'x' }, 'text', child)`: attributes through setAttribute,
 * children as nodes or text. `null`, `undefined` and `false` children are skipped.
 */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
  return node;
}

/** A status badge coloured by status (`status-<name>` classes in dashboard.css). */
export function statusBadge(status) {
  const safe = /^[a-z_]+$/.test(status) ? status : 'unknown';
  return el('span', { class: `status status-${safe}`, 'data-status': safe }, status);
}

/** `2026-11-25 14:00:01` in the browser's time zone, or '—'. */
export function formatTime(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** 850 ms, 4.2 s, 3 min 5 s, 2 h 10 min. */
export function formatDuration(ms) {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
  return `${Math.floor(ms / 3_600_000)} h ${Math.round((ms % 3_600_000) / 60_000)} min`;
}

/** 12 B, 3.4 KiB, 1.2 MiB. */
export function formatSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** How long ago `iso` was: '12 s ago'. */
export function ago(iso, now = Date.now()) {
  const then = new Date(iso).getTime();
  return Number.isNaN(then) ? '—' : `${formatDuration(Math.max(0, now - then))} ago`;
}

/** An error box. */
export function errorBox(message) {
  return el('p', { class: 'error', role: 'alert' }, message);
}

/**
 * A view that loads now and every `everyMs`: `load()` fetches, `show(data)` renders (skipped once the
 * view is disposed), a failure goes to `onError(error, content)`. Returns `{ node, dispose }`.
 */
export function refreshingView(node, content, { load, show, onError, everyMs }) {
  let stopped = false;
  async function refresh() {
    try {
      const data = await load();
      if (!stopped) show(data);
    } catch (error) {
      if (!stopped) onError(error, content);
    }
  }
  void refresh();
  const timer = setInterval(refresh, everyMs);
  return {
    node,
    dispose() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
