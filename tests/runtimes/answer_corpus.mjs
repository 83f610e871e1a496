// SPDX-License-Identifier: MIT
// Runs inside each wasm runtime the determinism corpus visits (Node, Deno, workerd, Chromium):
// one engine answers every [method, request text] pair in order, and each answer (or structured
// error) comes back as the package's canonical JSON, made by that runtime's own JSON.parse and
// number formatting. Plain ES2020 with no imports, so every runtime loads this same file.

/**
 * @param {{createEngine: Function, canonicalJson: Function, NesteggError: Function}} pkg the
 *   runtime's entry of the package
 * @param {Array<[string, string]>} corpus
 * @param {object} config the engine's config (a fixed today)
 * @returns {Promise<string[]>}
 */
export async function answerCorpus({ createEngine, canonicalJson, NesteggError }, corpus, config) {
  const engine = await createEngine({ config });
  return corpus.map(([method, body]) => {
    let answer;
    try {
      answer = engine.call(method, body);
    } catch (e) {
      if (!(e instanceof NesteggError)) throw e;
      answer = e.toJSON();
    }
    return canonicalJson(answer);
  });
}
