/** Validators heard from in the last 3 minutes, with their features and last heartbeat. */
import { listValidators } from './api.js';
import { ago, el, formatTime, refreshingView } from './dom.js';

const REFRESH_MS = 5000;

function validatorRow(validator) {
  return el(
    'tr',
    { 'data-hotkey': validator.hotkey },
    el('td', { class: 'mono' }, validator.hotkey),
    el('td', {}, validator.connected ? 'connected' : 'not connected'),
    el('td', {}, validator.features.length > 0 ? validator.features.join(', ') : '—'),
    el('td', {}, formatTime(validator.last_seen), el('span', { class: 'muted' }, ` (${ago(validator.last_seen)})`)),
  );
}

function table(validators) {
  if (validators.length === 0) return el('p', { class: 'card muted' }, 'No validator heard from in the last 3 minutes.');
  return el(
    'table',
    { id: 'validators' },
    el('thead', {}, el('tr', {}, ['Hotkey', 'Connection', 'Features', 'Last heartbeat'].map((title) => el('th', {}, title)))),
    el('tbody', {}, validators.map(validatorRow)),
  );
}

export function validatorsView({ onError }) {
  const content = el('div', {}, el('p', { class: 'muted' }, 'Loading…'));
  const node = el('section', {}, el('h1', {}, 'Validators'), content);
  return refreshingView(node, content, {
    load: () => listValidators(),
    show: (data) => content.replaceChildren(table(data.results)),
    onError,
    everyMs: REFRESH_MS,
  });
}
