// SPDX-License-Identifier: MIT
// Run by Deno for determinism.test.mjs:
//   deno run --allow-read tests/runtimes/deno_answers.mjs <package dir> <corpus.json>
// The corpus file is {config, corpus}; prints {version, answers} (canonical JSON texts).
import { answerCorpus } from './answer_corpus.mjs';

const [pkg, corpusFile] = Deno.args;
const pkgEntry = await import(new URL('src/deno.js', `file://${pkg}/`).href);
const { config, corpus } = JSON.parse(await Deno.readTextFile(corpusFile));
const answers = await answerCorpus(pkgEntry, corpus, config);
console.log(JSON.stringify({ version: Deno.version.deno, answers }));
