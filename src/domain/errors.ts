/**
 * Domain errors carry a kind from a closed set; each API dialect maps the kind to its own
 * status and error shape, so no module below api/ knows about HTTP.
 * Messages follow "cannot <do what>: <why>" where that reads naturally.
 */
export type ErrorKind =
  | 'bad_request' // malformed input: 400
  | 'unauthenticated' // no or unknown credentials: 401
  | 'forbidden' // credentials lack the right, or the address is not allowed: 403
  | 'not_found' // unknown (or another tenant's) object: 404
  | 'conflict' // the object exists already / concurrent change: 409
  | 'too_large' // body over the limit: 413
  | 'rate_limited'; // too many requests: 429

export const STATUS_OF: Record<ErrorKind, number> = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
};

export class DomainError extends Error {
  constructor(readonly kind: ErrorKind, message: string) {
    super(message);
    this.name = 'DomainError';
  }
}

export const badRequest = (msg: string) => new DomainError('bad_request', msg);
export const notFound = (msg: string) => new DomainError('not_found', msg);
export const forbidden = (msg: string) => new DomainError('forbidden', msg);
export const conflict = (msg: string) => new DomainError('conflict', msg);
