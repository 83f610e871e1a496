// SPDX-License-Identifier: MIT
// NesteggError and the one conversion of anything thrown into a plain object: the status records
// (a storage fault, a failed save) keep {name, message}; the wire (the Worker's messages, the
// edge handler, the CLI) carries {code, message, field}.

/** An error returned by the engine: `code` is stable, `field` names the offending input. */
export class NesteggError extends Error {
  constructor({ code, message, field = '' }) {
    super(message);
    this.name = 'NesteggError';
    this.code = code;
    this.field = field;
  }
  toJSON() {
    const { code, message, field } = describeError(this);
    return { error: { code, message, field } };
  }
}

/**
 * Anything thrown (an Error, a NesteggError, a DOMException, a string) as plain data,
 * `{ name, code, message, field }`: a status record keeps `{name, message}`, the wire
 * `{code, message, field}`. A thrown value without a code is `internal`; one without a message
 * is its own text.
 */
export function describeError(e) {
  return { name: e?.name ?? 'Error', code: e?.code ?? 'internal', message: String(e?.message ?? e), field: e?.field ?? '' };
}
