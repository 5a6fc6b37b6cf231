// @ts-check
// The messages and the result it shows are typed in server/src/lsp/protocol.ts (the one wire contract);
// `npm run typecheck` checks this file against them (test/webview/tsconfig.matrix.json).
/** @typedef {import('../server/src/lsp/protocol').AccessResult} AccessResult */
/** @typedef {import('../server/src/lsp/protocol').AccessDiffResult} AccessDiffResult */
/** @typedef {import('../server/src/lsp/protocol').AccessDiffChange} AccessDiffChange */
/** @typedef {import('../server/src/lsp/protocol').FromWebview} FromWebview */
/** @typedef {import('../server/src/lsp/protocol').ToWebview} ToWebview */
/** @typedef {import('../server/src/lsp/protocol').WhatIfState} WhatIfState */
/** @typedef {import('../server/src/lsp/protocol').AccessMatrixView} AccessMatrixView */
// The effective-access matrix webview. Everything shown comes from the policy, so every string is put in the
// page as text (text nodes), never as markup, with invisible and bidi characters shown as visible marks;
// principals are laid out left to right in the order they are written (class `principal`).
(function () {
  /** @type {{ postMessage(m: FromWebview): void; getState(): any; setState(s: unknown): void }} */
  // eslint-disable-next-line no-undef
  const vscode = acquireVsCodeApi();

  const CAPS = [
    ['administer', 'Administer'],
    ['readData', 'Read data'],
    ['writeData', 'Write data'],
    ['destroy', 'Destroy'],
    ['readConfig', 'Read config'],
  ];
  /** Column names for a narrow panel (the full name is the header's title and what screen readers say). */
  const SHORT_CAP = { administer: 'Admin', readData: 'Read', writeData: 'Write', destroy: 'Destroy', readConfig: 'Config' };
  const VALUE_TEXT = { allow: 'allowed', 'iam-allow': 'allowed by IAM', iam: 'via IAM', conditional: 'conditional', deny: 'denied', none: 'not granted' };
  // In a narrow column a long value breaks at its syllable, with a hyphen, never at an arbitrary letter.
  const VALUE_WRAP = { conditional: 'condi\u00ADtional' };
  const VALUE_MARK = { allow: '✔', 'iam-allow': '✚', iam: '◆', conditional: '◐', deny: '✖', none: '–' };

  // What the page keeps across reloads is per document and key: the what-if principals of each key's matrix,
  // and the cells expanded (by principal and capability, not by position, so an edit that adds a row does not
  // open another principal's cell).
  /** @type {{ result?: AccessResult; whatIf: WhatIfState; expanded: Record<string, boolean>; message?: string; diff?: AccessDiffResult; pinned?: string }} */
  const state = { whatIf: {}, expanded: {} };
  const saved = vscode.getState() || {};
  if (saved.whatIf && typeof saved.whatIf === 'object' && !Array.isArray(saved.whatIf)) state.whatIf = saved.whatIf;
  if (saved.expanded && typeof saved.expanded === 'object') state.expanded = saved.expanded;
  const root = /** @type {HTMLElement} */ (document.getElementById('root'));

  // Characters that are invisible or reorder the text around them: controls, bidi marks, embeddings,
  // overrides and isolates, zero-width characters. A principal written with U+202E would read reversed.
  const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;
  const INVISIBLE_ALL = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
  const codePoint = (c) => 'U+' + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');

  /** Text as nodes, each invisible or reordering character shown as a marked `U+XXXX` in its place. */
  function visible(text) {
    if (!INVISIBLE.test(text)) return document.createTextNode(text);
    const f = document.createDocumentFragment();
    let last = 0;
    for (const m of text.matchAll(INVISIBLE_ALL)) {
      if (m.index > last) f.append(text.slice(last, m.index));
      const mark = document.createElement('span');
      mark.className = 'ctl';
      mark.title = `invisible character ${codePoint(m[0])}`;
      mark.textContent = codePoint(m[0]);
      f.append(mark);
      last = m.index + 1;
    }
    if (last < text.length) f.append(text.slice(last));
    return f;
  }

  /** The same for attributes (aria-label, title): `<U+202E>` in place of the character. */
  const visibleString = (text) => text.replace(INVISIBLE_ALL, (c) => `<${codePoint(c)}>`);

  /** Creates an element with text and attributes; children are appended. Text is shown with `visible`. */
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'text') e.append(visible(String(v)));
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : k === 'aria-label' || k === 'title' ? visibleString(String(v)) : String(v));
    }
    for (const c of children) if (c) e.append(typeof c === 'string' ? visible(c) : c);
    return e;
  }

  function save() {
    // `pinned` too: the extension restores the pin with the panel after a window reload.
    vscode.setState({ whatIf: state.whatIf, expanded: state.expanded, uri: state.result && state.result.uri, pinned: state.pinned });
  }

  /** Where a key's state is kept: its document and its matrix name. */
  const keyOf = (r, m) => `${r.uri}\u0000${m.name}`;

  /** The what-if principals of matrix `m` of result `r`. */
  function whatIfOf(r, m) {
    const doc = state.whatIf[r.uri];
    return (doc && Array.isArray(doc[m.name]) && doc[m.name]) || [];
  }

  function setWhatIf(r, m, principals) {
    const doc = (state.whatIf[r.uri] = state.whatIf[r.uri] || {});
    doc[m.name] = principals;
    save();
    vscode.postMessage({ type: 'whatIf', uri: r.uri, key: m.name, principals });
  }

  function render() {
    root.replaceChildren();
    const r = state.result;
    if (state.message) root.append(el('p', { class: 'message', role: 'status', text: state.message }));
    if (state.diff) root.append(diffBanner(state.diff));
    if (!r) return;
    if (!r.matrices.length) {
      root.append(el('p', { class: 'message', text: 'No key policy in this document.' }));
      return;
    }
    // Pinned to a key: that key's matrix alone (its index stays the one the extension knows).
    r.matrices.forEach((m, pi) => (!state.pinned || state.pinned === m.name) && root.append(policySection(m, pi, r)));
    root.append(legend());
  }

  /** The what-if principals of one key: a form to add one, and the list with a way to remove each. */
  function whatIfForm(m, pi, r) {
    const id = `whatif-${pi}`;
    const list = whatIfOf(r, m);
    const input = el('input', { id, type: 'text', placeholder: 'arn:aws:iam::111122223333:role/name', 'aria-label': `Principal ARN or account id to evaluate against ${m.name}`, spellcheck: 'false' });
    const form = el(
      'form',
      {
        class: 'whatif',
        onsubmit: (ev) => {
          ev.preventDefault();
          const v = /** @type {HTMLInputElement} */ (input).value.trim();
          if (!v) return;
          if (!list.includes(v)) setWhatIf(r, m, [...list, v]);
        },
      },
      el('label', { for: id, text: 'What if:' }),
      input,
      el('button', { type: 'submit', text: 'Evaluate' }),
    );
    const ul = el('ul', { class: 'whatif-list', 'aria-label': `What-if principals of ${m.name}` });
    for (const p of list) {
      ul.append(
        el(
          'li',
          {},
          el('code', { class: 'principal', text: p }),
          el('button', {
            class: 'link',
            'aria-label': `Remove ${p}`,
            text: 'remove',
            onclick: () => setWhatIf(r, m, list.filter((x) => x !== p)),
          }),
        ),
      );
    }
    return el('div', {}, form, list.length ? ul : null);
  }

  /**
   * A capability cell in words: `allowed, all`; when its granted actions differ, each value with its count,
   * `allowed 1 · via IAM 19 of 20`, so that one allowed action never reads as "allowed (all)".
   * @param {AccessResult['matrices'][number]['rows'][number]['capabilities']['administer']} cell
   * @param {string} sep
   */
  function cellWords(cell, sep) {
    const mixed = cell.mixed;
    if (!mixed) return `${VALUE_TEXT[cell.value]}${sep === ' · ' ? ' ' : ', '}${cell.text}`;
    const parts = /** @type {const} */ (['allow', 'iam-allow', 'iam', 'conditional']).filter((v) => mixed[v]).map((v) => `${VALUE_TEXT[v]} ${mixed[v]}`);
    return `${parts.join(sep)} of ${cell.total}`;
  }

  /** The revision compared with, what the document changes against it, and a way back to the plain matrix. */
  function diffBanner(d) {
    const section = el('section', { class: 'diff-banner', 'aria-label': 'Changes in access' });
    const base = d.base ? `${d.base.ref}${d.base.ref === d.base.commit ? '' : ` (${d.base.commit.slice(0, 12)})`}` : '';
    section.append(
      el(
        'div',
        { class: 'diff-title' },
        el('strong', { text: d.base ? `Compared with ${base}` : 'No comparison' }),
        el('button', { class: 'link', text: 'Stop comparing', onclick: () => vscode.postMessage({ type: 'stopCompare' }) }),
      ),
    );
    if (d.message) {
      section.append(el('p', { class: 'message', role: 'status', text: d.message }));
      return section;
    }
    const list = el('ul', { class: 'diff-list', role: 'status' });
    for (const s of d.summary) list.append(el('li', { class: 'diff-new' }, el('span', { class: 'diff-mark', 'aria-hidden': 'true', text: '+' }), el('span', { text: s })));
    for (const k of d.keys) {
      if (k.status === 'removed') list.append(el('li', { class: 'diff-less' }, el('span', { class: 'diff-mark', 'aria-hidden': 'true', text: '−' }), el('s', { text: `${k.name}` }), ' was removed'));
      for (const c of k.changes) {
        if (c.newAccess || k.status === 'removed') continue;
        // Access taken away or narrowed: what it was, struck through, and what it is.
        list.append(el('li', { class: 'diff-less' }, el('span', { class: 'diff-mark', 'aria-hidden': 'true', text: '−' }), el('s', { text: `${c.label}: ${whatOf(c)} ${VALUE_TEXT[c.before]}` }), ` → ${VALUE_TEXT[c.after]}`));
      }
    }
    if (!list.childElementCount) list.append(el('li', { text: `No change in who can do what since ${d.base ? d.base.ref : 'the revision'}.` }));
    section.append(list);
    return section;
  }

  const CAP_LABEL = Object.fromEntries(CAPS);
  const whatOf = (c) => (c.whole ? CAP_LABEL[c.capability] : `${CAP_LABEL[c.capability]}: ${c.actions.map((a) => a.slice(4)).join(', ')}`);

  /** The changes of matrix `pi` by principal and capability, when the panel compares with a revision. */
  function changesOf(pi) {
    /** @type {Map<string, AccessDiffChange[]>} */
    const map = new Map();
    const key = state.diff && state.diff.keys.find((k) => k.matrix === pi);
    for (const c of key ? key.changes : []) {
      const id = `${c.principal}\0${c.capability}`;
      map.set(id, [...(map.get(id) || []), c]);
    }
    return { key, map };
  }

  function policySection(m, pi, r) {
    const section = el('section', { 'aria-label': m.name });
    const changed = changesOf(pi);
    section.append(
      el(
        'h2',
        {},
        el('span', { class: 'key-name', text: m.name }),
        // The key's account in the header; how it was decided on hover.
        m.keyAccountLabel ? el('span', { class: 'key-account', title: `Key account: ${m.keyAccountText}`, text: `account ${m.keyAccountLabel}` }) : null,
        el('span', { class: 'summary', text: m.summary }),
        changed.key && changed.key.status === 'added' ? el('span', { class: 'diff-badge', text: 'new key' }) : null,
      ),
      keyTools(m),
    );
    section.append(whatIfForm(m, pi, r));
    if (m.syntaxErrors) {
      // The matrix of an error-recovered parse would mislead ("0 can decrypt" mid-edit): the last valid one, or none.
      section.append(el('p', { class: 'message stale', role: 'status', text: m.stale ? 'The policy has syntax errors: showing the last valid version.' : 'The policy has syntax errors: its access is shown once it parses.' }));
      if (!m.stale) return section;
    }
    const table = el('table', { class: 'matrix', 'data-policy': pi });
    const head = el('tr', {}, el('th', { scope: 'col', text: 'Principal' }));
    for (const [cap, label] of CAPS) head.append(el('th', { scope: 'col', title: label }, el('span', { class: 'long', text: label }), el('span', { class: 'short', 'aria-hidden': 'true', text: SHORT_CAP[cap] })));
    table.append(el('thead', {}, head));
    const body = el('tbody');
    m.rows.forEach((row, ri) => {
      const tr = el('tr', { 'data-row': ri, class: row.kind === 'what-if' ? 'whatif-row' : '' });
      tr.append(principalHeader(row));
      CAPS.forEach(([cap, capLabel], ci) => {
        const cell = row.capabilities[cap];
        const key = cellKey(r, m, row, cap);
        const expanded = !!state.expanded[key];
        const optional = optionalCell(m, row, r.capabilityActions[cap]);
        // Compared with a revision: a cell that gives new access is marked +, one that gives less is marked −,
        // and says what it was.
        const changes = changed.map.get(`${row.id}\0${cap}`) || [];
        const gained = changes.some((c) => c.newAccess);
        const was = changes.length ? `, was ${[...new Set(changes.map((c) => VALUE_TEXT[c.before]))].join(' or ')}${changes.every((c) => c.whole) ? '' : ` for ${changes.flatMap((c) => c.actions.map((a) => a.slice(4))).join(', ')}`}` : '';
        // What a changed cell was, struck through.
        const wasMark = changes.length ? el('s', { class: 'was', 'aria-hidden': 'true', text: ` ${[...new Set(changes.map((c) => VALUE_TEXT[c.before]))].join('/')}` }) : null;
        const btn = el(
          'button',
          {
            class: `cell v-${cell.value}${changes.length ? (gained ? ' diff-new' : ' diff-less') : ''}${optional ? ' optional' : ''}`,
            title: changes.length ? changes.map((c) => c.sentence).join('\n') : undefined,
            'data-cap': cap,
            'data-value': cell.value,
            'aria-expanded': String(expanded),
            'aria-label': `${row.label}: ${capLabel}: ${cellWords(cell, ', ')}${optional ? ', only from optional statements' : ''}${changes.length ? (gained ? ', new access' : ', less access') : ''}${was}`,
            'data-r': ri,
            'data-c': ci,
            onclick: (ev) => {
              const open = !state.expanded[key];
              if (open) state.expanded[key] = true;
              else delete state.expanded[key];
              save();
              const stmts = new Set();
              for (const a of r.capabilityActions[cap]) for (const s of row.actions[a].statements) stmts.add(s);
              if (stmts.size && !m.stale) vscode.postMessage({ type: 'reveal', policy: pi, statements: [...stmts] });
              // Only this cell changes: its state, and its details row shown or removed. The table stays as
              // it is (a policy of hundreds of statements has thousands of cells; rebuilding them all made a
              // click slow and lost the reader's place).
              const button = /** @type {HTMLElement} */ (ev.currentTarget);
              button.setAttribute('aria-expanded', String(open));
              toggleDetails(/** @type {HTMLTableRowElement} */ (tr), key, ci, open ? () => details(m, pi, row, cap, capLabel, r, key, ci) : undefined);
            },
            onkeydown: (ev) => navigate(ev, pi, ri, ci, m.rows.length),
          },
          changes.length ? el('span', { class: 'diff-mark', 'aria-hidden': 'true', text: gained ? '+' : '−' }) : null,
          el('span', { class: 'mark', 'aria-hidden': 'true', text: VALUE_MARK[cell.value] }),
          optional ? el('span', { class: 'optional-mark', 'aria-hidden': 'true', title: 'only from optional statements (written under a Terraform condition)', text: 'opt' }) : null,
          ...(cell.mixed
            ? [el('span', { class: 'count', text: ` ${cellWords(cell, ' · ')}` }), wasMark]
            : [
                el('span', { class: 'value', text: ` ${VALUE_WRAP[cell.value] || VALUE_TEXT[cell.value]}` }),
                wasMark,
                cell.value === 'none' ? null : el('span', { class: 'count', text: ` (${cell.text})` }),
              ]),
        );
        tr.append(el('td', {}, btn));
      });
      body.append(tr);
      CAPS.forEach(([cap, capLabel], ci) => {
        const key = cellKey(r, m, row, cap);
        if (state.expanded[key]) body.append(details(m, pi, row, cap, capLabel, r, key, ci));
      });
    });
    table.append(body);
    section.append(table);
    return section;
  }

  /** A principal's row header: its label (long ARN paths elided), the full id on hover, what kind of row it is. */
  function principalHeader(row) {
    const th = el('th', { scope: 'row', title: row.id !== row.label ? `${row.label} — ${row.id}` : row.label }, el('div', { class: 'label principal', text: shorten(row.label) }));
    if (row.kind === 'root-user') th.append(el('span', { class: 'badge break-glass', title: 'The root user alone (aws:PrincipalArn is the account root): the break-glass access kept for recovery', text: 'break-glass: root user only' }));
    return th;
  }

  /** Long ARN-like words shortened to their first and last segments: `role/…/AWSReservedSSO_Admin_0123`. */
  function shorten(label) {
    return label
      .split(' ')
      .map((w) => {
        if (w.length <= 40) return w;
        const parts = w.split('/');
        const last = parts[parts.length - 1];
        const tail = last.length > 28 ? `${last.slice(0, 27)}…` : last;
        if (parts.length > 2) return `${parts[0]}/…/${tail}`;
        if (parts.length === 2) return `${parts[0]}/${tail}`;
        const colon = w.lastIndexOf(':');
        return colon > 0 && w.length - colon < 40 ? `…${w.slice(colon)}` : w;
      })
      .join(' ');
  }

  /** True when every granted action of the capability comes only from optional statements. */
  function optionalCell(m, row, actions) {
    if (!m.statementOptional || !m.statementOptional.some(Boolean)) return false;
    let any = false;
    for (const a of actions) {
      const d = row.actions[a];
      if (!d || d.value === 'none' || d.value === 'deny') continue;
      if (!d.statements.length || d.statements.some((s) => !m.statementOptional[s])) return false;
      any = true;
    }
    return any;
  }

  /** Pin the panel to this key (or follow the editor again), and copy its matrix as Markdown. */
  function keyTools(m) {
    const pinned = state.pinned === m.name;
    return el(
      'div',
      { class: 'key-tools' },
      el('button', { class: 'tool', 'aria-pressed': String(pinned), title: pinned ? 'Follow the active editor again' : 'Keep showing this key whatever editor is active', text: pinned ? 'Unpin' : 'Pin', onclick: () => vscode.postMessage({ type: 'pin', key: pinned ? null : m.name }) }),
      el('button', { class: 'tool', title: 'Copy this matrix as Markdown (as keyscope access --format markdown writes it)', text: 'Copy as Markdown', onclick: () => vscode.postMessage({ type: 'copyMarkdown', key: m.name }) }),
    );
  }

  /** Where a cell's expanded state is kept: its document, key, principal and capability. */
  const cellKey = (r, m, row, cap) => `${keyOf(r, m)}\u0000${row.id}\u0000${cap}`;

  /**
   * Shows (`make` given) or removes the details row of one cell. A row's details rows follow it in the order
   * of the columns (`data-c`), as a full render lays them out.
   */
  function toggleDetails(tr, key, ci, make) {
    let next = tr.nextElementSibling;
    while (next && next.classList.contains('details') && Number(next.getAttribute('data-c')) < ci) next = next.nextElementSibling;
    const existing = next && next.classList.contains('details') && next.getAttribute('data-key') === key ? next : null;
    if (!make) return existing && existing.remove();
    if (!existing) tr.parentElement.insertBefore(make(), next);
  }

  function details(m, pi, row, cap, capLabel, r, key, ci) {
    const list = el('ul', { class: 'actions' });
    for (const a of r.capabilityActions[cap]) {
      const d = row.actions[a];
      const li = el('li', { class: `v-${d.value}` }, el('span', { class: 'mark', 'aria-hidden': 'true', text: VALUE_MARK[d.value] }), el('code', { text: a }), el('span', { text: ` ${VALUE_TEXT[d.value]}` }));
      if (d.statements.length) {
        li.append(document.createTextNode(' — by '));
        d.statements.forEach((s, i) => {
          if (i) li.append(document.createTextNode(', '));
          const cond = m.statementOptional && m.statementOptional[s];
          const label = `${m.statementLabels[s] || `statement ${s + 1}`}${cond ? ` (optional: only if ${cond})` : ''}`;
          // A stale matrix's statements are those of a version of the text that is gone: named, not revealed.
          li.append(m.stale ? el('span', { text: label }) : el('button', { class: 'link', text: label, onclick: () => vscode.postMessage({ type: 'reveal', policy: pi, statements: [s] }) }));
        });
      }
      if (d.conditions.length) {
        const cl = el('ul', { class: 'conditions' });
        for (const c of d.conditions) cl.append(el('li', {}, el('span', { text: c.effect === 'Deny' ? 'denied when ' : 'only when ' }), el('code', { text: c.operator === 'Terraform' ? `${c.key} (Terraform)` : `${c.operator} ${c.key} = ${(c.labels || c.values).join(', ')}` })));
        li.append(cl);
      }
      if (d.grant) li.append(el('div', { class: 'note', text: `by the grant ${d.grant}` }));
      if (d.note) li.append(el('div', { class: 'note', text: d.note }));
      // The identity policy's statement, in another file of the module: the extension opens it.
      if (d.iam && d.iam.uri) {
        const ri = m.rows.indexOf(row);
        li.append(el('div', { class: 'note' }, el('button', { class: 'link iam-link', text: `${d.iam.policy}, statement ${d.iam.statement}`, 'aria-label': `Open ${d.iam.policy}, statement ${d.iam.statement}`, onclick: () => vscode.postMessage({ type: 'openIam', policy: pi, row: ri, action: a }) })));
      }
      list.append(li);
    }
    const td = el('td', { colspan: String(CAPS.length + 1) }, el('div', { class: 'details-title' }, el('span', { class: 'principal', text: row.label }), ` — ${capLabel}`), list);
    return el('tr', { class: 'details', 'data-key': key, 'data-c': ci }, td);
  }

  /** Arrow keys move between cells of a table (a grid), Home/End to the row's ends. */
  function navigate(ev, pi, ri, ci, rows) {
    const moves = { ArrowRight: [0, 1], ArrowLeft: [0, -1], ArrowDown: [1, 0], ArrowUp: [-1, 0] };
    let r = ri;
    let c = ci;
    if (moves[ev.key]) {
      r = Math.max(0, Math.min(rows - 1, ri + moves[ev.key][0]));
      c = Math.max(0, Math.min(CAPS.length - 1, ci + moves[ev.key][1]));
    } else if (ev.key === 'Home') c = 0;
    else if (ev.key === 'End') c = CAPS.length - 1;
    else return;
    ev.preventDefault();
    focusCell(pi, r, c);
  }

  function focusCell(pi, r, c) {
    const b = root.querySelector(`table[data-policy="${pi}"] button.cell[data-r="${r}"][data-c="${c}"]`);
    if (b) /** @type {HTMLElement} */ (b).focus();
  }

  function legend() {
    const l = el('dl', { class: 'legend', 'aria-label': 'Legend' });
    const text = {
      allow: 'the key policy alone allows it',
      'iam-allow': 'the key policy delegates to IAM, and an identity policy of the workspace allows it (named in the details)',
      iam: "allowed if the principal's own IAM policy allows it (the account root is granted); no identity policy of the workspace decides it",
      conditional: 'allowed, or denied, only under the conditions listed',
      deny: 'an explicit Deny applies',
      none: 'not granted',
    };
    for (const v of ['allow', 'iam-allow', 'iam', 'conditional', 'deny', 'none']) l.append(el('dt', { class: `v-${v}` }, el('span', { class: 'mark', 'aria-hidden': 'true', text: VALUE_MARK[v] }), ` ${VALUE_TEXT[v]}`), el('dd', { text: text[v] }));
    return l;
  }

  window.addEventListener('message', (ev) => {
    const msg = /** @type {ToWebview | undefined} */ (ev.data);
    if (!msg || typeof msg !== 'object') return;
    if (msg.type === 'update') {
      state.result = msg.result;
      state.message = msg.message;
      state.diff = msg.diff;
      state.pinned = typeof msg.pinned === 'string' ? msg.pinned : undefined;
      if (msg.result && msg.whatIf && typeof msg.whatIf === 'object' && !Array.isArray(msg.whatIf)) state.whatIf[msg.result.uri] = msg.whatIf;
      save();
      render();
    }
  });

  render();
  vscode.postMessage({ type: 'ready', whatIf: state.whatIf });
})();
