// SPDX-License-Identifier: MIT
// A Worker serving the package's handler with one of Cloudflare's limiters, chosen by the
// LIMITER_KIND variable: "do" (DurableObjectRateLimiter over the RATE_LIMITER namespace),
// "binding" (RateLimitBindingLimiter over the RATELIMIT binding) or "memory" (the default, per
// isolate). The Durable Object class is exported as a Worker declaring it would.
import { createHandler, DurableObjectRateLimiter, RateLimitBindingLimiter } from './npm/src/workerd.js';

export { RateLimiterDurableObject } from './npm/src/workerd.js';

export default createHandler({
  rateLimiter: (env) => (env.LIMITER_KIND === 'do' ? new DurableObjectRateLimiter(env.RATE_LIMITER)
    : env.LIMITER_KIND === 'binding' ? new RateLimitBindingLimiter(env.RATELIMIT, { periodSeconds: 60 }) : undefined),
});
