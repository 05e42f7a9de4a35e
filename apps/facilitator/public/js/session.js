/* global sessionStorage, window, history */
/**
 * The user's token: pasted on the login view or passed once as `?token=` (then removed from the
 * address bar), kept in sessionStorage only (gone when the tab closes). The dashboard never sees a
 * private key.
 */
const KEY = 'horde.facilitator.token';

export function getToken() {
  return sessionStorage.getItem(KEY);
}

export function setToken(token) {
  sessionStorage.setItem(KEY, token.trim());
}

export function clearToken() {
  sessionStorage.removeItem(KEY);
}

/** Takes `?token=` from the address, stores it and rewrites the address without it. */
export function adoptTokenFromUrl() {
  const url = new URL(window.location.href);
  const token = url.searchParams.get('token');
  if (token === null) return;
  if (token.trim() !== '') setToken(token);
  url.searchParams.delete('token');
  history.replaceState(null, '', url.pathname + url.search + url.hash);
}
