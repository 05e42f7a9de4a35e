/**
 * The login view: the dashboard holds no private key, so the user pastes a token obtained with
 * their hotkey (nonce + signed login, see docs/facilitator.md "Dashboard").
 */
import { el, errorBox } from './dom.js';
import { setToken } from './session.js';

export function loginView({ message, onLogin }) {
  const input = el('textarea', { id: 'token', name: 'token', placeholder: 'eyJhbGciOi...', required: true, autocomplete: 'off', spellcheck: 'false' });
  const form = el(
    'form',
    { class: 'card', id: 'login' },
    el('label', { for: 'token' }, 'Access token (from POST /auth/login)'),
    input,
    el('button', { type: 'submit', class: 'primary' }, 'Open dashboard'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (input.value.trim() === '') return;
    setToken(input.value);
    onLogin();
  });
  const node = el(
    'section',
    {},
    el('h1', {}, 'Log in'),
    message ? errorBox(message) : null,
    el('p', { class: 'muted' }, 'Paste a token for your hotkey. It stays in this tab only (sessionStorage) and expires after an hour. You may also open the dashboard as /dashboard/?token=<token>.'),
    form,
  );
  return { node, dispose() {} };
}
