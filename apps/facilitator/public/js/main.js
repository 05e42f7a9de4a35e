/* global document, window, URLSearchParams */
/**
 * The dashboard's entry: takes the token (login view, or `?token=` once), then routes on the hash:
 * `#/jobs?page=N`, `#/jobs/<uuid>`, `#/validators`.
 */
import { errorBox } from './dom.js';
import { jobDetailView } from './job-detail.js';
import { jobsListView } from './jobs-list.js';
import { loginView } from './login.js';
import { adoptTokenFromUrl, clearToken, getToken } from './session.js';
import { validatorsView } from './validators.js';

const view = document.getElementById('view');
const nav = document.getElementById('nav');
let current;

/** An API error in a view: a bad or expired token sends the user back to the login view. */
function onError(error, container) {
  if (error?.unauthorized) {
    clearToken();
    show(loginView({ message: `Your token was refused (${error.code}). Paste a new one.`, onLogin: route }));
    return;
  }
  container.replaceChildren(errorBox(error?.message ?? String(error)));
}

function show(next) {
  current?.dispose();
  current = next;
  view.replaceChildren(next.node);
  nav.hidden = getToken() === null;
}

function parseHash() {
  const [path, query = ''] = window.location.hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const page = Number.parseInt(new URLSearchParams(query).get('page') ?? '1', 10);
  return { parts, page: Number.isSafeInteger(page) && page > 0 ? page : 1 };
}

function route() {
  if (getToken() === null) {
    show(loginView({ onLogin: route }));
    return;
  }
  const { parts, page } = parseHash();
  for (const link of nav.querySelectorAll('[data-nav]')) link.classList.toggle('active', link.dataset.nav === (parts[0] ?? 'jobs'));
  if (parts[0] === 'validators') show(validatorsView({ onError }));
  else if (parts[0] === 'jobs' && parts[1] !== undefined) show(jobDetailView({ uuid: parts[1], onError }));
  else show(jobsListView({ page, onError }));
}

document.getElementById('logout').addEventListener('click', () => {
  clearToken();
  window.location.hash = '#/jobs';
  route();
});
window.addEventListener('hashchange', route);
adoptTokenFromUrl();
route();
