// A-Track Local's page. Plain JavaScript, no build step, nothing from the network.
//
// Every text that comes from a payload (uuids, event names, attributes, bodies, problems) is put
// into the page with textContent or as a property, never as markup: an attribute holding
// "<script>" or "</textarea>" is shown as those characters.
//
// The list holds at most MAX_ROWS rows: live requests push the oldest out, "Load older" fetches
// pages from the API (?before=<id>) and pushes the newest out. So 10,000 requests cost the page
// no more than 200 do.
'use strict';

const MAX_ROWS = 200;
const PAGE = 100;

const state = {
  rows: [], // newest first, at most MAX_ROWS
  ids: new Set(),
  atNewest: true, // false once older pages pushed the newest rows out
  olderLeft: false,
  pending: [],
  renderScheduled: false,
  selectedId: null,
  userUuid: null,
  userTimer: null,
  total: 0,
  filter: { uuid: '', event: '', path: '', problems: false },
};

const $ = (id) => document.getElementById(id);

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

async function api(path, options) {
  const response = await fetch(path, options);
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    json = null;
  }
  if (!response.ok) throw new Error((json && json.error) || 'HTTP ' + response.status);
  return json;
}

function query(extra) {
  const p = new URLSearchParams();
  const f = state.filter;
  if (f.uuid) p.set('uuid', f.uuid);
  if (f.event) p.set('event', f.event);
  if (f.path) p.set('path', f.path);
  if (f.problems) p.set('problems', 'true');
  for (const [k, v] of Object.entries(extra || {})) p.set(k, String(v));
  return p.toString();
}

function matches(r) {
  const f = state.filter;
  if (f.uuid && r.uuid !== f.uuid) return false;
  if (f.event && !(r.event || '').includes(f.event)) return false;
  if (f.path && !r.path.includes(f.path)) return false;
  if (f.problems && r.problems.length === 0) return false;
  return true;
}

function setRows(rows) {
  state.rows = rows.slice(0, MAX_ROWS);
  state.ids = new Set(state.rows.map((r) => r.id));
}

// ---- loading pages ----

async function loadNewest() {
  const page = (await api('/api/requests?' + query({ limit: PAGE }))).reverse();
  const top = page.length ? page[0].id : 0;
  // Live rows that arrived while the page was being fetched stay on top.
  const live = state.atNewest ? state.rows.filter((r) => r.id > top) : [];
  state.atNewest = true;
  state.olderLeft = page.length === PAGE;
  setRows(live.concat(page));
  render();
}

async function loadOlder() {
  if (!state.rows.length) return;
  const oldest = state.rows[state.rows.length - 1].id;
  const page = (await api('/api/requests?' + query({ limit: PAGE, before: oldest }))).reverse();
  state.olderLeft = page.length === PAGE;
  let rows = state.rows.concat(page);
  if (rows.length > MAX_ROWS) {
    rows = rows.slice(rows.length - MAX_ROWS); // the newest go: the DOM stays bounded
    state.atNewest = false;
  }
  setRows(rows);
  render();
}

async function refreshStatus() {
  const status = await api('/api/status');
  state.total = status.requests;
  $('strict').hidden = !status.strict;
  showFaults(status.faults);
  showTotal();
}

// ---- live feed ----

function connect() {
  const events = new EventSource('/api/stream');
  events.onopen = () => {
    setConnected(true);
    // After a restart or a lost connection: whatever arrived meanwhile.
    Promise.all([loadNewest(), refreshStatus()]).catch(showError);
  };
  events.onerror = () => setConnected(false);
  events.addEventListener('request', (e) => onRequest(JSON.parse(e.data)));
  events.addEventListener('cleared', () => {
    state.total = 0;
    state.pending = [];
    state.olderLeft = false;
    state.atNewest = true;
    setRows([]);
    closeUser();
    clearInspector();
    showTotal();
    render();
  });
  events.addEventListener('faults', (e) => showFaults(JSON.parse(e.data)));
  events.addEventListener('resync', () => {
    refreshStatus().catch(showError);
    if (state.atNewest) loadNewest().catch(showError);
  });
}

function onRequest(r) {
  state.total++;
  showTotal();
  if (state.userUuid !== null && r.uuid === state.userUuid) scheduleUserRefresh();
  if (!matches(r)) return;
  if (!state.atNewest) {
    $('newer').hidden = false;
    return;
  }
  state.pending.push(r);
  scheduleRender();
}

// Bursts arrive as hundreds of events a second: fold them into one render per tick.
function scheduleRender() {
  if (state.renderScheduled) return;
  state.renderScheduled = true;
  setTimeout(() => {
    state.renderScheduled = false;
    const fresh = state.pending.filter((r) => !state.ids.has(r.id));
    state.pending = [];
    if (!fresh.length) return;
    fresh.sort((a, b) => b.id - a.id);
    const rows = fresh.concat(state.rows).sort((a, b) => b.id - a.id);
    if (rows.length > MAX_ROWS) state.olderLeft = true;
    setRows(rows);
    render();
  }, 50);
}

// ---- rendering ----

function render() {
  const body = $('rows');
  const fragment = document.createDocumentFragment();
  for (const r of state.rows) fragment.appendChild(rowOf(r));
  body.replaceChildren(fragment);
  $('empty').hidden = state.rows.length > 0;
  $('older').hidden = !state.olderLeft;
  $('newer').hidden = state.atNewest;
  showTotal();
}

function rowOf(r) {
  const tr = el('tr', 'row');
  tr.dataset.id = String(r.id);
  if (r.problems.length) tr.classList.add('has-problems');
  if (r.attempt > 1) tr.classList.add('retry');
  if (r.id === state.selectedId) tr.classList.add('selected');
  tr.appendChild(el('td', 'id', '#' + r.id));
  tr.appendChild(el('td', 'time', r.receivedAt.substring(11, 23)));
  tr.appendChild(el('td', 'path', r.method === 'POST' ? r.path : r.method + ' ' + r.path));
  const user = el('td', 'user');
  if (r.uuid !== null) {
    const link = el('button', 'uuid-link', r.uuid);
    link.type = 'button';
    link.title = r.uuid;
    link.addEventListener('click', (e) => {
      e.stopPropagation();
      openUser(r.uuid);
    });
    user.appendChild(link);
  }
  tr.appendChild(user);
  const event = el('td', 'event', r.event);
  if (r.event !== null) event.title = r.event;
  tr.appendChild(event);
  tr.appendChild(el('td', 'attempt', r.attempt > 1 ? 'attempt ' + r.attempt : '1'));
  tr.appendChild(el('td', 'status ' + statusClass(r), answerOf(r)));
  const problems = el('td', 'problems');
  if (r.problems.length) {
    problems.appendChild(el('span', 'problem-count', '⚠ ' + r.problems.length));
    problems.title = r.problems.join('\n');
  }
  tr.appendChild(problems);
  tr.addEventListener('click', () => select(r));
  return tr;
}

function statusClass(r) {
  return r.status >= 200 && r.status < 300 ? 'status-ok' : 'status-bad';
}

function answerOf(r) {
  const answer = r.status === 0 ? 'dropped' : String(r.status);
  return r.fault ? answer + ' (fault)' : answer;
}

function showTotal() {
  $('total').textContent =
    state.total + (state.total === 1 ? ' request' : ' requests') + ', ' + state.rows.length + ' shown';
}

function setConnected(on) {
  const c = $('conn');
  c.textContent = on ? 'live' : 'disconnected, retrying…';
  c.className = 'conn ' + (on ? 'on' : 'off');
}

function showError(e) {
  $('fault-error').textContent = e && e.message ? e.message : String(e);
}

// ---- inspector ----

function select(r) {
  state.selectedId = r.id;
  history.replaceState(null, '', '#' + linkParams({ request: r.id }));
  for (const tr of $('rows').children) tr.classList.toggle('selected', tr.dataset.id === String(r.id));
  $('inspector-title').textContent = '#' + r.id + ' ' + r.method + ' ' + r.path;
  const meta = $('inspector-meta');
  meta.replaceChildren();
  const add = (name, value) => {
    if (value === null || value === undefined) return;
    meta.appendChild(el('dt', null, name));
    meta.appendChild(el('dd', null, value));
  };
  add('received', r.receivedAt);
  add('user', r.uuid);
  add('event', r.event);
  add('attempt', r.attempt);
  add('answer', answerOf(r));
  add('fault', r.fault);
  add('x-a-track-key', r.key === null ? '(missing)' : r.key);
  add('content-type', r.headers['content-type']);
  add('user-agent', r.headers['user-agent']);
  const problems = $('inspector-problems');
  problems.replaceChildren(...r.problems.map((p) => el('li', 'problem', p)));
  $('inspector-body').textContent =
    typeof r.body === 'string' ? r.body : JSON.stringify(r.body, null, 2);
}

function clearInspector() {
  state.selectedId = null;
  $('inspector-title').textContent = '(click a row)';
  $('inspector-meta').replaceChildren();
  $('inspector-problems').replaceChildren();
  $('inspector-body').textContent = '';
}

// ---- user view ----

function linkParams(change) {
  const params = new URLSearchParams(window.location.hash.substring(1));
  for (const [k, v] of Object.entries(change)) {
    if (v === null) params.delete(k);
    else params.set(k, String(v));
  }
  return params.toString();
}

async function openUser(uuid) {
  state.userUuid = uuid;
  history.replaceState(null, '', '#' + linkParams({ user: uuid }));
  const user = await api('/api/users/' + encodeURIComponent(uuid));
  if (state.userUuid !== uuid) return;
  $('user-view').hidden = false;
  $('user-uuid').textContent = user.uuid;
  $('user-summary').textContent =
    user.requests + ' requests, ' + user.events.length + ' events' +
    (user.known ? '' : '; no /init or /attributes delivered yet');
  const rows = Object.entries(user.attributes).map(([name, value]) => {
    const tr = el('tr');
    tr.appendChild(el('td', 'attribute-name', name));
    tr.appendChild(el('td', 'attribute-value', JSON.stringify(value)));
    return tr;
  });
  if (!rows.length) {
    const tr = el('tr');
    tr.appendChild(el('td', 'muted', '(none)'));
    rows.push(tr);
  }
  $('user-attributes').tBodies[0].replaceChildren(...rows);
  $('user-events').replaceChildren(
    ...user.events.map((e) => {
      const li = el('li', 'user-event');
      li.appendChild(el('strong', 'event-name', e.event === null ? '(no name)' : e.event));
      li.appendChild(el('span', 'muted', ' ' + (e.timestamp || '') + ' '));
      li.appendChild(el('span', 'event-attempts', e.attempts > 1 ? e.attempts + ' attempts' : ''));
      li.appendChild(el('span', 'muted', ' → ' + (e.status === 0 ? 'dropped' : e.status)));
      if (e.attributes && Object.keys(e.attributes).length) {
        li.appendChild(el('div', 'event-attributes', JSON.stringify(e.attributes)));
      }
      return li;
    }),
  );
}

function scheduleUserRefresh() {
  clearTimeout(state.userTimer);
  state.userTimer = setTimeout(() => {
    if (state.userUuid !== null) openUser(state.userUuid).catch(showError);
  }, 200);
}

function closeUser() {
  state.userUuid = null;
  history.replaceState(null, '', '#' + linkParams({ user: null }));
  $('user-view').hidden = true;
}

// ---- faults ----

function showFaults(f) {
  const parts = [];
  if (f.drop) parts.push('drop the connection');
  if (f.status) parts.push('answer ' + f.status + (f.retryAfter !== undefined ? ' with Retry-After ' + f.retryAfter + ' s' : ''));
  if (f.latencyMs) parts.push('wait ' + f.latencyMs + ' ms');
  let text = parts.length ? parts.join(', ') : 'no fault';
  if (parts.length) {
    text += f.count !== undefined ? ' for the next ' + f.count : ' until switched off';
    if (f.share !== undefined) text += ', ' + Math.round(f.share * 100) + '% of requests';
  }
  $('fault-current').textContent = text;
}

async function setFault(fault) {
  $('fault-error').textContent = '';
  try {
    showFaults(await api('/api/faults', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(fault),
    }));
  } catch (e) {
    showError(e);
  }
}

function faultFromForm() {
  const f = {};
  const number = (id) => ($(id).value === '' ? undefined : Number($(id).value));
  if ($('fault-status').value) f.status = Number($('fault-status').value);
  if (number('fault-retry-after') !== undefined) f.retryAfter = number('fault-retry-after');
  if (number('fault-count') !== undefined) f.count = number('fault-count');
  if (number('fault-share') !== undefined) f.share = number('fault-share') / 100;
  if (number('fault-latency') !== undefined) f.latencyMs = number('fault-latency');
  if ($('fault-drop').checked) f.drop = true;
  return f;
}

// ---- wiring ----

function debounce(fn, ms) {
  let t = null;
  return () => {
    clearTimeout(t);
    t = setTimeout(fn, ms);
  };
}

function readFilters() {
  state.filter = {
    uuid: $('filter-uuid').value.trim(),
    event: $('filter-event').value.trim(),
    path: $('filter-path').value.trim(),
    problems: $('filter-problems').checked,
  };
  state.atNewest = true;
  setRows([]);
  loadNewest().catch(showError);
}

document.addEventListener('DOMContentLoaded', () => {
  for (const b of document.querySelectorAll('button.fault')) {
    b.addEventListener('click', () => setFault(JSON.parse(b.dataset.fault)));
  }
  $('fault-form').addEventListener('submit', (e) => {
    e.preventDefault();
    setFault(faultFromForm());
  });
  $('fault-clear').addEventListener('click', () =>
    api('/api/faults', { method: 'DELETE' }).then(showFaults, showError));
  $('clear').addEventListener('click', () => {
    if (window.confirm('Forget every request and user?')) {
      api('/api/requests', { method: 'DELETE' }).catch(showError);
    }
  });
  $('older').addEventListener('click', () => loadOlder().catch(showError));
  $('show-newest').addEventListener('click', () => loadNewest().catch(showError));
  const onFilter = debounce(readFilters, 250);
  for (const id of ['filter-uuid', 'filter-event', 'filter-path']) $(id).addEventListener('input', onFilter);
  $('filter-problems').addEventListener('change', readFilters);
  $('user-close').addEventListener('click', closeUser);
  $('user-filter').addEventListener('click', () => {
    $('filter-uuid').value = state.userUuid || '';
    readFilters();
  });
  connect();
  openFromHash().catch(showError);
});

// Links into the page: #user=<uuid> opens a user's view, #request=<id> a request's payload.
async function openFromHash() {
  const params = new URLSearchParams(window.location.hash.substring(1));
  if (params.get('user')) await openUser(params.get('user'));
  const id = Number(params.get('request'));
  if (id > 0) {
    const page = await api('/api/requests?limit=1&after=' + (id - 1));
    if (page.length && page[0].id === id) select(page[0]);
  }
}
