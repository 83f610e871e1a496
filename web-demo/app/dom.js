// SPDX-License-Identifier: MIT
// The demo's two DOM helpers, shared by every section.
export const $ = (selector, root = document) => root.querySelector(selector);
/** An element with properties set and children appended: el('li', { className: 'x' }, 'text', child). */
export const el = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
};
