// Talking to /api/v1. Errors say whether to retry (network, 5xx), ask the
// user to sign in again (401), or update the app (409 schema).

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || `HTTP ${status}`);
    this.status = status;
    this.body = body || {};
  }
}

export class NetworkError extends Error {}

async function gzip(text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Response(stream).blob();
}

/** fetch JSON; bodies over 2 kB go gzip where the browser can (mentors pay for roaming bytes). */
export async function apiFetch(path, { method = 'GET', body, token } = {}) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  let payload;
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
    if (payload.length > 2048 && typeof CompressionStream !== 'undefined') {
      payload = await gzip(payload);
      headers['Content-Encoding'] = 'gzip';
    }
  }
  let response;
  try {
    response = await fetch(`/api/v1${path}`, { method, headers, body: payload, cache: 'no-store', credentials: 'omit' });
  } catch (error) {
    throw new NetworkError(error.message);
  }
  if (response.status === 204) return null;
  let data = null;
  try {
    data = await response.json();
  } catch {
    if (response.ok) throw new NetworkError('The answer was cut off');
  }
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}
