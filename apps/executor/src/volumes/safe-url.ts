/**
 * A URL reduced to scheme, host and path, fit for logs and error contexts: presigned URLs carry
 * credentials in the query string, and user info may hold a password.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '<invalid url>';
  }
}

/**
 * Whether `url` is an absolute http(s) URL. Checked before fetching: fetch would also accept
 * `data:` URLs, and its parse error quotes the whole URL, query string included, into logs.
 */
export function isHttpUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
