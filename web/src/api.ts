// HTTP helpers and the error model of docs/protocol.md "Errors": every refusal is `<code>: <sentence>`.

import { t } from './i18n';
import { refusalDetail, translateRefusal, type RefusalDetail } from './refusals';

export type ErrorCode =
  | 'invalid'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'closed'
  | 'rate_limited'
  /** no answer at all: offline, DNS, server down, or a dropped connection */
  | 'network'
  /** a hub call attempted while the connection is not up: nothing was sent */
  | 'offline'
  /** an answer we could not read (5xx without problem details, a non-Hub exception, …) */
  | 'unknown';

/** A refusal or failure with a stable code and a sentence a person can read. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    /** The readable sentence (the part after the code). */
    readonly sentence: string,
    readonly status: number | null = null,
    /** The refusal's template and values, for the page's language (absent from older servers and client errors). */
    readonly detail?: RefusalDetail,
  ) {
    super(`${code}: ${sentence}`);
    this.name = 'ApiError';
  }
}

const KNOWN_CODES: readonly string[] = ['invalid', 'unauthorized', 'forbidden', 'not_found', 'closed', 'rate_limited'];

/**
 * Splits `"invalid: The name is required."` into code and sentence; undefined if it does not look like one. A
 * hub refusal's last line is its template and values as JSON (`{"template":"The {0} is required.","args":["name"]}`).
 */
export function parseCodedMessage(message: string): { code: ErrorCode; sentence: string; detail?: RefusalDetail } | undefined {
  let detail: RefusalDetail | undefined;
  const lastLine = message.lastIndexOf('\n');
  if (lastLine >= 0 && message.slice(lastLine + 1).startsWith('{')) {
    try {
      detail = refusalDetail(JSON.parse(message.slice(lastLine + 1)));
    } catch {
      // not ours: keep the whole message as the sentence
    }
    if (detail) message = message.slice(0, lastLine);
  }
  const match = /^\s*([a-z_]+):\s*([\s\S]*)$/.exec(message);
  if (!match) return undefined;
  const code = match[1] ?? '';
  if (!KNOWN_CODES.includes(code)) return undefined;
  return { code: code as ErrorCode, sentence: (match[2] ?? '').trim(), detail };
}

function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400: return 'invalid';
    case 401: return 'unauthorized';
    case 403: return 'forbidden';
    case 404: return 'not_found';
    case 409: return 'closed';
    case 429: return 'rate_limited';
    default: return 'unknown';
  }
}

/** Reads a problem-details answer (`{ detail, code }`) into an ApiError. */
async function errorFromResponse(response: Response): Promise<ApiError> {
  let detail: string | undefined;
  let code: string | undefined;
  let refusal: RefusalDetail | undefined;
  try {
    const body: unknown = await response.json();
    if (body && typeof body === 'object') {
      const record = body as Record<string, unknown>;
      if (typeof record['detail'] === 'string') detail = record['detail'];
      if (typeof record['code'] === 'string') code = record['code'];
      refusal = refusalDetail(record);
    }
  } catch {
    // not JSON: fall through to the status code
  }
  const parsed = detail !== undefined ? parseCodedMessage(detail) : undefined;
  const finalCode: ErrorCode =
    code && KNOWN_CODES.includes(code) ? (code as ErrorCode) : parsed?.code ?? codeForStatus(response.status);
  const sentence = parsed?.sentence ?? detail ?? (finalCode === 'unauthorized' ? t.linkInvalid : t.unexpectedError);
  return new ApiError(finalCode, sentence, response.status, refusal);
}

export interface RequestOptions {
  token?: string | null;
  body?: unknown;
  signal?: AbortSignal;
  /** Extra request headers (the organiser console's X-Organiser-Request). */
  headers?: Record<string, string>;
}

async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (options.token) headers['Authorization'] = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.body !== undefined ? JSON.stringify(options.body) : null,
      cache: 'no-store',
      credentials: 'same-origin',
      signal: options.signal ?? null,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError('network', t.networkError);
  }
  if (!response.ok) throw await errorFromResponse(response);
  if (response.status === 204) return undefined as T;
  try {
    return (await response.json()) as T;
  } catch {
    throw new ApiError('unknown', t.unexpectedError, response.status);
  }
}

/** Any method (DELETE, a POST without a body): the answer's JSON, or undefined for 204 No Content. */
export function requestJson<T>(method: string, path: string, options?: RequestOptions): Promise<T> {
  return request<T>(method, path, options);
}

export function getJson<T>(path: string, options?: RequestOptions): Promise<T> {
  return request<T>('GET', path, options);
}

export function postJson<T>(path: string, body: unknown, options: Omit<RequestOptions, 'body'> = {}): Promise<T> {
  return request<T>('POST', path, { ...options, body });
}

/**
 * Turns whatever a SignalR `invoke` rejected with into an ApiError. The server's HubException arrives as
 * `… HubException: invalid: The name is required.`; the code follows `HubException: `.
 */
export function hubError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const marker = 'HubException: ';
  const at = message.indexOf(marker);
  if (at >= 0) {
    const parsed = parseCodedMessage(message.slice(at + marker.length));
    if (parsed) return new ApiError(parsed.code, parsed.sentence || t.unexpectedError, null, parsed.detail);
    return new ApiError('unknown', message.slice(at + marker.length).trim() || t.unexpectedError);
  }
  if (/not in the 'Connected' State/i.test(message)) return new ApiError('offline', t.notSentOffline);
  // The server failed without a HubException (a bug on its side): it answered, so the call was received.
  if (/error occurred invoking/i.test(message)) return new ApiError('unknown', t.unexpectedError);
  // Anything else means the connection went away while the call was in flight: we cannot know whether
  // it was applied.
  return new ApiError('network', t.notConfirmed);
}

/** The sentence to show a person for any error, in the page's language when the refusal has a translation. */
export function readable(error: unknown): string {
  if (error instanceof ApiError) return translateRefusal(error.detail, error.sentence);
  return t.unexpectedError;
}

/** The file name a `Content-Disposition` header suggests, if any (`filename*=UTF-8''…` wins over `filename=`). */
function suggestedName(header: string | null): string | null {
  if (!header) return null;
  const star = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(header);
  return plain?.[1]?.trim() || null;
}

/**
 * GETs a file with the bearer token (an export: a link cannot carry the token) and saves it through a
 * temporary object URL. Refusals throw ApiError like every other call.
 */
export async function downloadFile(path: string, token: string, fallbackName: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(path, {
      headers: { Accept: 'text/csv', Authorization: `Bearer ${token}` },
      cache: 'no-store',
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError('network', t.networkError);
  }
  if (!response.ok) throw await errorFromResponse(response);
  const blob = await response.blob();
  const name = (suggestedName(response.headers.get('Content-Disposition')) ?? fallbackName).replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_');
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser time to start the download before the URL goes away.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** POSTs a file's text as it is (an agenda to import) with the bearer token; answers the server's JSON. */
export async function postFile<T>(path: string, text: string, contentType: string, token: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': contentType, Authorization: `Bearer ${token}` },
      body: text,
      cache: 'no-store',
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError('network', t.networkError);
  }
  if (!response.ok) throw await errorFromResponse(response);
  return (await response.json()) as T;
}

/** Fetches an image that needs the token (an invite's QR code) and answers an object URL for an `<img>`. */
export async function imageUrl(path: string, token: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(path, {
      headers: { Accept: 'image/svg+xml', Authorization: `Bearer ${token}` },
      cache: 'no-store',
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError('network', t.networkError);
  }
  if (!response.ok) throw await errorFromResponse(response);
  return URL.createObjectURL(await response.blob());
}
