/**
 * The parameters of an authorization-server request body. RFC 6749 §3.2 asks for
 * application/x-www-form-urlencoded; a JSON object is accepted too (some HTTP clients default
 * to it), and so is a form body sent without its Content-Type (it then arrives as text).
 * Per RFC 6749 §3.1 a parameter without a value counts as absent, and a repeated one is an
 * invalid_request (§3.2: "MUST NOT be included more than once").
 */
import { parseQuery } from '../lib/query-string.js';
import { invalidRequest } from './oauth-error.js';

export type Params = ReadonlyMap<string, string>;

export function bodyParams(body: unknown): Params {
  const out = new Map<string, string>();
  if (body === undefined || body === null) return out;
  const source = typeof body === 'string' ? parseQuery(body) : body;
  if (typeof source !== 'object' || Array.isArray(source)) {
    throw invalidRequest('the body must be application/x-www-form-urlencoded parameters (or a JSON object)');
  }
  for (const [name, raw] of Object.entries(source as Record<string, unknown>)) {
    let value: string;
    if (typeof raw === 'string') value = raw;
    else if (typeof raw === 'number' || typeof raw === 'boolean') value = String(raw);
    else if (raw === null) continue;
    else if (Array.isArray(raw)) throw invalidRequest(`the parameter '${name}' is repeated: send it once`);
    else throw invalidRequest(`the parameter '${name}' must be a string`);
    if (value !== '') out.set(name, value);
  }
  return out;
}
