// SPDX-License-Identifier: MIT
// A user's app as a bundler sees it: the package imported by name, one call, the answer (or the
// failure) written into the page for the test to read.
import { createEngine } from 'nestegg';

const out = document.getElementById('result');
createEngine()
  .then((engine) => {
    const plan = engine.goals.timeline({ target_amount: 10000, current_amount: 1000, monthly_contribution: 450, start_date: '2024-01-15' });
    out.textContent = JSON.stringify({ months: plan.months_needed, target_date: plan.target_date });
  })
  .catch((e) => { out.textContent = JSON.stringify({ error: String(e?.message ?? e) }); });
