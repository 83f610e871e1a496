// SPDX-License-Identifier: MIT
// The OpenAPI 3 document and the /docs page, generated from the engine's method table (info())
// and the handler's route table, so a method that lands in the core is documented with no edit here.

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'field'],
      properties: {
        code: { type: 'string', description: 'stable machine-readable code (README "Errors")' },
        message: { type: 'string' },
        field: { type: 'string', description: 'dotted path of the offending input; "" for the request as a whole' },
      },
    },
  },
};

const errorResponse = (description) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

function operation(method, summary, requestRequired) {
  const op = {
    operationId: method.replace(/\./g, '_'),
    summary,
    tags: [method.split('.')[0]],
    security: [{ ApiKey: [] }],
    responses: {
      200: { description: `the response of engine method ${method}`, content: { 'application/json': { schema: { type: 'object' } } } },
      400: errorResponse('invalid request: the error names the field and the rule'),
      401: errorResponse('missing or wrong X-API-Key'),
      413: errorResponse('body over the size limit'),
      429: errorResponse('rate limit; see the Retry-After header'),
    },
  };
  if (requestRequired) {
    op.requestBody = { required: true, content: { 'application/json': { schema: { type: 'object' } } } };
  }
  return op;
}

/** @param info engine.info(); @param routes [{ path, method }] of POST routes */
export function openApiDocument(info, routes) {
  const summaries = new Map(info.methods.map((m) => [m.name, m.summary]));
  const paths = {
    '/': { get: { summary: 'API information and the endpoint list', security: [], responses: { 200: { description: 'info' } } } },
    '/health': { get: { summary: 'Liveness and engine health', security: [], responses: { 200: { description: 'health' } } } },
    '/metrics': { get: { summary: 'Prometheus text exposition', responses: { 200: { description: 'metrics', content: { 'text/plain': {} } } } } },
    '/openapi.json': { get: { summary: 'This document', security: [], responses: { 200: { description: 'OpenAPI 3' } } } },
    '/docs': { get: { summary: 'This document, rendered', security: [], responses: { 200: { description: 'HTML' } } } },
  };
  for (const { path, method } of routes) paths[path] = { post: operation(method, summaries.get(method) ?? method, true) };
  return {
    openapi: '3.0.3',
    info: {
      title: 'nestegg',
      version: info.version,
      description: 'Personal-finance planning and prediction, served by the nestegg wasm engine. Amounts are rounded half away from zero to the cent; dates are YYYY-MM-DD without time zone.',
    },
    paths,
    components: {
      schemas: { Error: errorSchema },
      securitySchemes: { ApiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' } },
    },
  };
}

// A self-contained page (no CDN: nothing is fetched but /openapi.json from the same origin).
export const docsPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>nestegg API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
code{background:#f3f3f3;padding:0 .25em;border-radius:3px}.op{border:1px solid #ddd;border-radius:6px;margin:.6rem 0;padding:.5rem .8rem}
.verb{font-weight:700;display:inline-block;min-width:3.5rem}.post{color:#0a6}.get{color:#06c}small{color:#666}</style></head>
<body><h1>nestegg API</h1><p id="desc"></p><div id="ops">Loading <code>openapi.json</code>…</div>
<script type="module">
const doc = await (await fetch('openapi.json')).json();
document.getElementById('desc').textContent = doc.info.description + ' Version ' + doc.info.version + '.';
const ops = document.getElementById('ops');
ops.textContent = '';
for (const [path, item] of Object.entries(doc.paths)) {
  for (const [verb, op] of Object.entries(item)) {
    const div = document.createElement('div');
    div.className = 'op';
    const auth = (op.security ?? doc.security ?? [{}]).length ? ' · needs X-API-Key' : '';
    div.innerHTML = '<span class="verb ' + verb + '"></span><code></code><div></div><small></small>';
    div.children[0].textContent = verb.toUpperCase();
    div.children[1].textContent = path;
    div.children[2].textContent = op.summary;
    div.children[3].textContent = Object.keys(op.responses).join(' · ') + auth;
    ops.append(div);
  }
}
</script></body></html>
`;
