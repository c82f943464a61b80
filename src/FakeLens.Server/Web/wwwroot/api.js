// Renders the live OpenAPI document as a readable reference: one panel per operation with its parameters and responses.
'use strict';

const el = (tag, props = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') e.className = v; else if (k === 'text') e.textContent = v; else e.setAttribute(k, v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c);
  return e;
};

document.addEventListener('DOMContentLoaded', async () => {
  const target = document.getElementById('operations');
  try {
    const doc = await (await fetch('/openapi/v1.json')).json();
    target.replaceChildren();
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        if (!['get', 'post', 'put', 'delete', 'patch'].includes(method)) continue;
        const params = [...(ops.parameters || []), ...(op.parameters || [])];
        const body = op.requestBody ? Object.keys(op.requestBody.content || {}).join(', ') : null;
        target.append(el('section', { class: 'panel', id: op.operationId || `${method}-${path}` },
          el('h2', {}, el('code', { text: `${method.toUpperCase()} ${path}` })),
          el('p', { text: op.summary || '' }),
          op.description ? el('p', { text: op.description }) : null,
          params.length ? el('table', { class: 'history' },
            el('caption', { text: 'Parameters' }),
            el('thead', {}, el('tr', {}, ['Name', 'In', 'Type', 'Required'].map((h) => el('th', { scope: 'col', text: h })))),
            el('tbody', {}, params.map((p) => el('tr', {},
              el('td', {}, el('code', { text: p.name })), el('td', { text: p.in }),
              el('td', { text: [p.schema?.type].flat().filter(Boolean).join(' | ') + (p.schema?.format ? ` (${p.schema.format})` : '') }),
              el('td', { text: p.required ? 'yes' : 'no' }))))) : null,
          body ? el('p', {}, el('strong', { text: 'Body: ' }), body) : null,
          el('p', {}, el('strong', { text: 'Responses: ' }), Object.entries(op.responses || {}).map(([code, r]) => `${code} ${Object.keys(r.content || {}).join(', ') || r.description || ''}`).join('; '))));
      }
    }
  } catch (e) {
    target.replaceChildren(el('p', { role: 'alert', text: `The OpenAPI document could not be loaded: ${e}` }));
  }
});
