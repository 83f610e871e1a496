// SPDX-License-Identifier: MIT
// The page's entry: loads the app, and when its start fails (a module that throws while loading,
// as uPlot's number format does under a browser language Intl refuses, such as WebKitGTK's "c"
// under LANG=C; or a rejected top-level await) says so in the status line instead of leaving
// "Starting…" there for ever. A dynamic import is the one place every engine hands that failure
// back: a page-level 'error' listener hears nothing from WebKitGTK 2.50 when a module graph with
// top-level await fails.
import('./app.js').catch((error) => {
  const status = document.getElementById('status');
  status.textContent = `The app could not start: ${error?.name ?? 'Error'}: ${error?.message ?? error}. Try another browser, or report this.`;
  status.classList.add('degraded');
  status.dataset.degraded = 'true';
});
