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
