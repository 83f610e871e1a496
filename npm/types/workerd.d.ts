// SPDX-License-Identifier: MIT
// The "workerd" condition (src/workerd.js): exactly the shared base.
export * from '../index.js';
