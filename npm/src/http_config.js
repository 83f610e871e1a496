// SPDX-License-Identifier: MIT
// The edge handler's settings, read from environment variables (the original backend's settings
// object) and validated once, at start: a bad value fails every request with a 500 naming the
// variable, instead of running half-configured. And the original backend's paths it keeps.
//
//   NESTEGG_ENV            development | staging | production (default production)
//   NESTEGG_API_KEYS       comma-separated keys accepted in X-API-Key (required unless auth is off)
//   NESTEGG_AUTH_DISABLED  "true" turns auth off: accepted only with NESTEGG_ENV=development
//   NESTEGG_ADMIN_KEYS     keys (each also in NESTEGG_API_KEYS) served savings.export / savings.import
//                          on their own namespace. Default none: the registry is not exported over HTTP
//   NESTEGG_RATE_LIMIT     requests per minute per key (or client address); 0 = off. Default 60
//   NESTEGG_RATE_BURST     bucket size. Default = NESTEGG_RATE_LIMIT
//   NESTEGG_MAX_BODY_BYTES largest request body. Default 1048576
//   NESTEGG_BODY_TIMEOUT_MS how long a body may take to arrive (408 after). Default 10000
//   NESTEGG_CORS_ORIGINS   comma-separated origins, or *; empty = no CORS headers. Default empty
//   NESTEGG_DISABLED_METHODS comma-separated engine methods switched off (feature flags)
//   NESTEGG_CACHE_TTL      seconds a deterministic response stays cached; 0 = off. Default 300
//   NESTEGG_LOG_LEVEL      debug | info | warn | error | off. Default info

import { NesteggError } from './errors.js';

/** The original FastAPI backend's paths, kept so its clients keep working. */
export const LEGACY_ROUTES = {
  '/api/v1/goals/calculate-timeline': 'goals.timeline',
  '/api/v1/goals/reverse-plan': 'goals.reverse_plan',
  '/api/v1/goals/adjust': 'goals.adjust',
  '/ml/train': 'savings.train',
  '/ml/predict': 'savings.predict',
};

const ENVIRONMENTS = ['development', 'staging', 'production'];
/** NESTEGG_LOG_LEVEL's values, least severe first: a line is logged at or above the level. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'off'];

function fail(variable, message) {
  throw new NesteggError({ code: 'invalid_config', message: `${variable} ${message}`, field: variable });
}

function integer(env, variable, fallback, min, max) {
  const raw = env[variable];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\s*\d+\s*$/.test(String(raw)) || value < min || value > max) fail(variable, `must be a whole number from ${min} to ${max}`);
  return value;
}

function list(env, variable) {
  return String(env[variable] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

function choice(env, variable, allowed, fallback) {
  const value = env[variable] ?? fallback;
  if (!allowed.includes(value)) fail(variable, `must be one of ${allowed.join(', ')}`);
  return value;
}

/** Settings from an env object (Workers' `env`, `Deno.env.toObject()`, `process.env`). Throws NesteggError. */
export function readHttpConfig(env = {}) {
  const environment = choice(env, 'NESTEGG_ENV', ENVIRONMENTS, 'production');
  const authDisabled = env.NESTEGG_AUTH_DISABLED === 'true';
  if (env.NESTEGG_AUTH_DISABLED !== undefined && !['true', 'false', ''].includes(env.NESTEGG_AUTH_DISABLED)) {
    fail('NESTEGG_AUTH_DISABLED', 'must be true or false');
  }
  if (authDisabled && environment !== 'development') fail('NESTEGG_AUTH_DISABLED', 'is accepted only with NESTEGG_ENV=development');
  const apiKeys = list(env, 'NESTEGG_API_KEYS');
  if (!authDisabled && apiKeys.length === 0) fail('NESTEGG_API_KEYS', 'must list at least one key (or NESTEGG_AUTH_DISABLED=true in development)');
  if (apiKeys.some((k) => k.length < 16)) fail('NESTEGG_API_KEYS', 'holds a key shorter than 16 characters');
  // An HTTP header carries bytes a client sends as Latin-1 at best: a key with other characters
  // could never be matched by an ordinary client (curl sends UTF-8, the server reads Latin-1).
  if (apiKeys.some((k) => !/^[\x21-\x7e]+$/.test(k))) fail('NESTEGG_API_KEYS', 'holds a key with a character outside printable ASCII (no spaces)');
  const adminKeys = list(env, 'NESTEGG_ADMIN_KEYS');
  if (adminKeys.some((k) => !apiKeys.includes(k))) fail('NESTEGG_ADMIN_KEYS', 'holds a key that is not in NESTEGG_API_KEYS');
  const ratePerMinute = integer(env, 'NESTEGG_RATE_LIMIT', 60, 0, 1e6);
  return {
    environment,
    authDisabled,
    apiKeys,
    adminKeys,
    ratePerMinute,
    rateBurst: integer(env, 'NESTEGG_RATE_BURST', ratePerMinute, ratePerMinute ? 1 : 0, 1e6),
    maxBodyBytes: integer(env, 'NESTEGG_MAX_BODY_BYTES', 1 << 20, 2, 64 << 20),
    bodyTimeoutMs: integer(env, 'NESTEGG_BODY_TIMEOUT_MS', 10000, 50, 600000),
    corsOrigins: list(env, 'NESTEGG_CORS_ORIGINS'),
    disabledMethods: list(env, 'NESTEGG_DISABLED_METHODS'),
    cacheTtlSeconds: integer(env, 'NESTEGG_CACHE_TTL', 300, 0, 86400 * 30),
    logLevel: choice(env, 'NESTEGG_LOG_LEVEL', LOG_LEVELS, 'info'),
  };
}
