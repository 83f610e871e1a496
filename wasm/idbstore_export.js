// SPDX-License-Identifier: MIT
// Hands Emscripten's IndexedDB key-value layer (IDBStore, the JavaScript half of the
// emscripten_idb_async_* functions) to the package's IndexedDBStorage adapter. Why this and not
// IDBFS: README "Storage" (measured). It adds no bytes to the .wasm: nothing in C++ calls it.
Module['IDBStore'] = IDBStore;
