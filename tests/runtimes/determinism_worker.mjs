// SPDX-License-Identifier: MIT
// A Cloudflare Worker for determinism.test.mjs, using the package's "workerd" entry: POST
// {config, corpus} -> the canonical JSON text of every answer, in order.
import * as entry from './npm/src/workerd.js';
import { answerCorpus } from './answer_corpus.mjs';

export default {
  async fetch(req) {
    const { config, corpus } = await req.json();
    return Response.json(await answerCorpus(entry, corpus, config));
  },
};
