// netctx live page: listener cards with throughput charts, then one page of the open contexts, sorted
// and filtered by the server (GET api/contexts?page&size&sort&...), refreshed by small polls: a page of
// rows and the listeners' totals each second, the listeners' five-minute history every few seconds.
'use strict';

const REFRESH_MILLIS = 1000;
const HISTORY_EVERY = 5;        // refreshes between two fetches of api/throughput
const CREDENTIALS_KEY = 'netctx.credentials';
const CHART = { width: 300, height: 48 };

const state = {
  access: { closeEnabled: false, schemes: [], reason: null },
  query: { page: 0, size: 50, sort: 'rate', direction: 'desc', search: '' },
  listenerNames: [],
  totalPages: 0,
  rows: new Map(),              // context id -> <tr>
  refreshes: 0,
  asked: 0,                     // contexts requests sent: an answer to an older one is not rendered
  rendered: { listeners: false, contexts: false },
  timer: null,
};

const $ = (selector) => document.querySelector(selector);
const SVG = 'http://www.w3.org/2000/svg';

function humanBytes(bytes) {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}

function humanRate(bytesPerSecond) {
  return bytesPerSecond == null ? '–' : `${humanBytes(Math.round(bytesPerSecond))}/s`;
}

function humanDuration(millis) {
  const seconds = Math.max(0, Math.floor(millis / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

function svg(tag, attributes) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

function badge(protocol) {
  return element('span', `badge ${protocol.toLowerCase()}`, protocol.toUpperCase());
}

/** The query string of the current page: the search box becomes listener=, remote=*:port or remote=. */
function contextsQuery() {
  const { page, size, sort, direction, search } = state.query;
  const parameters = new URLSearchParams({ page, size, sort: `${sort},${direction}` });
  const text = search.trim();
  if (text) {
    if (state.listenerNames.includes(text)) parameters.set('listener', text);
    else if (/^:?\d{1,5}$/.test(text)) parameters.set('remote', `*:${text.replace(':', '')}`);
    else parameters.set('remote', text);
  }
  return parameters.toString();
}

function listenerCard(listener) {
  const card = element('article', 'card');
  card.dataset.listener = listener.name;
  const title = element('div', 'title');
  title.append(element('span', 'name', listener.name), badge(listener.protocol), element('span', 'state'));
  const list = element('dl');
  for (const [label, name] of [['open', 'open'], ['accepted', 'accepted'], ['refused', 'refused'],
    ['received', 'received'], ['sent', 'sent'], ['in / out', 'rates']]) {
    list.append(element('dt', null, label), element('dd', name));
  }
  const chart = svg('svg', { class: 'chart', viewBox: `0 0 ${CHART.width} ${CHART.height}`,
    preserveAspectRatio: 'none', role: 'img' });
  chart.append(svg('polygon', { class: 'in', points: '' }), svg('polyline', { class: 'out', points: '' }));
  const caption = element('div', 'chart-caption', 'last 5 min');
  const impairment = element('div', 'impairment');
  impairment.hidden = true;
  card.append(title, element('div', 'addr'), element('div', 'settings'), impairment, list,
    chart, caption);
  return card;
}

/** How a listener is configured, in a few words ("echo · PROXY required · TLS bundle web (TLSv1.3, TLSv1.2)"). */
function settingsSummary(listener) {
  const parts = [listener.mode];
  if (listener.proxyProtocol && listener.proxyProtocol !== 'off') parts.push(`PROXY ${listener.proxyProtocol}`);
  if (listener.tls) {
    const family = listener.protocol === 'UDP' ? 'DTLS' : 'TLS';
    const auth = listener.tls.clientAuth !== 'none' ? `, client cert ${listener.tls.clientAuth}` : '';
    parts.push(`${family} bundle ${listener.tls.bundle} (${listener.tls.protocols.join(', ')}${auth})`);
  }
  return parts.join(' · ');
}

/** What a listener's impairment does, in a few words ("delay 200ms ± 20ms, drop 5%"), or '' when off. */
function impairmentSummary(impairment) {
  if (!impairment || !impairment.active) return '';
  const parts = [];
  if (impairment.delay !== '0ms' || impairment.jitter !== '0ms') {
    parts.push(`delay ${impairment.delay}${impairment.jitter !== '0ms' ? ` ± ${impairment.jitter}` : ''}`);
  }
  for (const kind of ['drop', 'duplicate', 'reorder']) {
    if (impairment[kind] > 0) parts.push(`${kind} ${Math.round(impairment[kind] * 1000) / 10}%`);
  }
  if (impairment.bandwidth) parts.push(`bandwidth ${impairment.bandwidth}/s`);
  if (impairment.resetAfter) parts.push(`reset after ${impairment.resetAfter}`);
  return `impaired: ${parts.join(', ')}`;
}

function renderListeners(listeners) {
  const container = $('#listeners');
  state.listenerNames = listeners.map((listener) => listener.name);
  for (const listener of listeners) {
    let card = container.querySelector(`article[data-listener="${CSS.escape(listener.name)}"]`);
    if (!card) {
      card = listenerCard(listener);
      container.append(card);
    }
    const refused = Object.values(listener.refused).reduce((sum, count) => sum + count, 0);
    const status = card.querySelector('.state');
    status.className = `state ${listener.accepting ? 'up' : 'down'}`;
    status.textContent = listener.accepting ? 'ACCEPTING' : 'DOWN';
    card.querySelector('.addr').textContent = listener.local ?? 'not bound';
    card.querySelector('.settings').textContent = settingsSummary(listener); // a reloaded SSL bundle may change it
    const impairment = card.querySelector('.impairment');
    impairment.textContent = impairmentSummary(listener.impairment);
    impairment.hidden = impairment.textContent === '';
    card.querySelector('dd.open').textContent = String(listener.openSessions);
    card.querySelector('dd.accepted').textContent = String(listener.accepted);
    card.querySelector('dd.refused').textContent = String(refused);
    card.querySelector('dd.received').textContent = humanBytes(listener.bytesReceived);
    card.querySelector('dd.sent').textContent = humanBytes(listener.bytesSent);
    card.querySelector('dd.rates').textContent = `${humanRate(listener.rateIn)} / ${humanRate(listener.rateOut)}`;
  }
  for (const card of container.querySelectorAll('article')) {
    if (!state.listenerNames.includes(card.dataset.listener)) card.remove();
  }
  rendered('listeners');
}

/** Draws each listener's last five minutes: received as an area, sent as a line, on a shared scale. */
function renderThroughput(histories) {
  for (const history of histories) {
    const card = $(`#listeners article[data-listener="${CSS.escape(history.listener)}"]`);
    if (!card) continue;
    const highest = Math.max(0, ...history.in, ...history.out);
    const peak = Math.max(1, highest);
    const slots = 300;
    const x = (index, length) => ((slots - length + index) / (slots - 1)) * CHART.width;
    const y = (value) => CHART.height - 1 - (value / peak) * (CHART.height - 2);
    const line = (values) => values.map((value, index) => `${x(index, values.length).toFixed(1)},${y(value).toFixed(1)}`);
    const area = line(history.in);
    if (area.length > 0) {
      area.unshift(`${x(0, history.in.length).toFixed(1)},${CHART.height}`);
      area.push(`${CHART.width},${CHART.height}`);
    }
    card.querySelector('polygon.in').setAttribute('points', area.join(' '));
    card.querySelector('polyline.out').setAttribute('points', line(history.out).join(' '));
    const summary = highest > 0 ? `peak ${humanRate(highest)}` : 'no traffic';
    card.querySelector('.chart').setAttribute('aria-label', `${history.listener}, last 5 min: ${summary}`);
    card.querySelector('.chart-caption').textContent = `last 5 min · ${summary}`;
  }
}

function createRow(context) {
  const row = element('tr');
  row.dataset.id = context.id;
  row.classList.toggle('listener', context.role === 'LISTENER');
  for (const name of ['id num', 'listener', 'role', 'local', 'remote', 'age num', 'idle num', 'received num',
    'sent num', 'rate-in num', 'rate-out num', 'action']) {
    row.append(element('td', name));
  }
  row.querySelector('.id').textContent = context.id;
  row.querySelector('.listener').append(badge(context.protocol), document.createTextNode(` ${context.listener}`));
  row.querySelector('.role').textContent = context.role;
  row.querySelector('.local').textContent = context.local;
  const button = element('button', 'close', 'Close');
  button.type = 'button';
  button.addEventListener('click', () => closeContext(context.id, button));
  row.querySelector('.action').append(button);
  return row;
}

/** The peer, and the proxy it came through when a PROXY protocol header announced it (it may change). */
function showPeer(cell, context) {
  const shown = `${context.remote ?? ''} ${context.proxy ?? ''}`;
  if (cell.dataset.shown === shown) return;
  cell.dataset.shown = shown;
  cell.textContent = context.remote ?? '';
  if (context.proxy) {
    cell.append(element('span', 'via', ` via ${context.proxy}`));
    cell.title = `client ${context.remote}, through the proxy ${context.proxy} (PROXY protocol)`;
  }
}

/** A TLS or DTLS session's protocol beside its transport, once its handshake is done; the rest on hover. */
function showTls(row, tls) {
  if (!tls || row.querySelector('.badge.tls')) return;
  const shown = element('span', 'badge tls', tls.protocol);
  shown.title = [tls.cipherSuite, tls.sni && `SNI ${tls.sni}`, tls.alpn && `ALPN ${tls.alpn}`,
    tls.peerSubject && `client certificate ${tls.peerSubject}`, `handshake ${tls.handshakeMillis} ms`]
    .filter(Boolean).join(', ');
  row.querySelector('.listener .badge').after(shown);
}

function updateRow(row, context) {
  showPeer(row.querySelector('.remote'), context);
  const clock = Date.now();
  row.querySelector('.age').textContent = humanDuration(clock - Date.parse(context.openedAt));
  row.querySelector('.idle').textContent = humanDuration(clock - Date.parse(context.lastActivityAt));
  const listener = context.role === 'LISTENER';
  const received = row.querySelector('.received');
  received.textContent = listener ? '' : humanBytes(context.bytesReceived);
  received.dataset.bytes = context.bytesReceived;
  const sent = row.querySelector('.sent');
  sent.textContent = listener ? '' : humanBytes(context.bytesSent);
  sent.dataset.bytes = context.bytesSent;
  row.querySelector('.rate-in').textContent = listener ? '' : humanRate(context.rateIn);
  row.querySelector('.rate-out').textContent = listener ? '' : humanRate(context.rateOut);
  showTls(row, context.tls);
  const button = row.querySelector('button.close');
  if (listener) {
    button.disabled = true;
    button.title = 'A listener is not closed from here: stop the service to stop it';
  } else if (!state.access.closeEnabled) {
    button.disabled = true;
    button.title = state.access.reason;
  } else if (!button.classList.contains('busy')) {
    button.disabled = false;
    button.title = `Close context ${context.id}`;
  }
}

function renderContexts(result) {
  const body = $('#contexts tbody');
  const shown = new Set(result.content.map((context) => context.id));
  for (const [id, row] of state.rows) {
    if (!shown.has(id)) {
      row.remove();
      state.rows.delete(id);
    }
  }
  let before = null;
  for (const context of result.content) {
    let row = state.rows.get(context.id);
    if (!row) {
      row = createRow(context);
      state.rows.set(context.id, row);
    }
    updateRow(row, context);
    const expected = before ? before.nextSibling : body.firstChild;
    if (expected !== row) body.insertBefore(row, expected);
    before = row;
  }
  const { number, size, totalElements, totalPages } = result.page;
  state.totalPages = totalPages;
  const first = totalElements === 0 ? 0 : number * size + 1;
  const last = number * size + result.content.length;
  $('#count').textContent = `(${totalElements})`;
  $('#count').dataset.total = totalElements;
  $('#page-of').textContent = totalPages === 0 ? 'no pages'
    : `${first}–${last} of ${totalElements} · page ${number + 1} of ${totalPages}`;
  $('#previous').disabled = number === 0;
  $('#next').disabled = number + 1 >= totalPages;
  $('#empty').hidden = result.content.length > 0;
  if (number > 0 && number >= totalPages) {
    // the contexts shrank below this page: go to the last one there is
    state.query.page = Math.max(0, totalPages - 1);
    schedule(0);
  }
  rendered('contexts');
}

function renderSortHeaders() {
  for (const header of document.querySelectorAll('#contexts th[data-sort]')) {
    const active = header.dataset.sort === state.query.sort;
    header.setAttribute('aria-sort', active ? (state.query.direction === 'asc' ? 'ascending' : 'descending') : 'none');
  }
}

/** Marks the first render (listener cards and the first page) once, for the benchmark's timing. */
function rendered(part) {
  if (state.rendered[part]) return;
  state.rendered[part] = true;
  if (state.rendered.listeners && state.rendered.contexts) {
    performance.mark('netctx:first-render');
    document.documentElement.dataset.rendered = 'true';
  }
}

async function getJson(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' }, cache: 'no-store' });
  if (!response.ok) {
    const problem = await response.json().catch(() => null);
    const error = new Error(problem?.detail ?? `${path}: HTTP ${response.status}`);
    error.problem = problem;
    throw error;
  }
  return response.json();
}

async function refreshContexts() {
  const asked = ++state.asked;
  try {
    const result = await getJson(`api/contexts?${contextsQuery()}`);
    if (asked !== state.asked) return;
    renderContexts(result);
    $('#search-error').hidden = true;
  } catch (error) {
    if (!error.problem || asked !== state.asked) throw error;
    $('#search-error').textContent = error.problem.detail;
    $('#search-error').hidden = false;
  }
}

async function refresh() {
  const status = $('#status');
  const history = state.refreshes++ % HISTORY_EVERY === 0;
  try {
    // each part renders as soon as it arrives: the small listener totals do not wait for the rows
    await Promise.all([
      getJson('api/listeners').then(renderListeners),
      refreshContexts(),
      history ? getJson('api/throughput').then(renderThroughput) : null,
    ]);
    status.className = 'status live';
    status.textContent = `live · updated ${new Date().toLocaleTimeString()}`;
  } catch (error) {
    status.className = 'status down';
    status.textContent = `cannot reach netctx (${error.message}); retrying`;
  }
}

/** Runs the next refresh after {@code millis}, one at a time: a slow answer delays the next poll rather than piling up. */
function schedule(millis) {
  clearTimeout(state.timer);
  state.timer = setTimeout(async () => {
    state.timer = null;
    await refresh();
    if (state.timer === null) schedule(REFRESH_MILLIS);
  }, millis);
}

function showNotice(text) {
  const notice = $('#notice');
  notice.textContent = text ?? '';
  notice.hidden = !text;
}

function toBase64(text) {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)));
}

/** Asks for credentials in the page's dialog; resolves to an Authorization header value, or null if cancelled. */
function askCredentials(error) {
  const dialog = $('#login');
  const form = $('#login-form');
  form.reset();
  $('#login-token').hidden = !state.access.schemes.includes('bearer');
  $('#login-basic').hidden = !state.access.schemes.includes('basic');
  $('#login-error').hidden = !error;
  $('#login-error').textContent = error ?? '';
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      if (dialog.returnValue !== 'ok') {
        resolve(null);
        return;
      }
      const token = form.elements.token.value.trim();
      const username = form.elements.username.value;
      const header = token ? `Bearer ${token}`
        : username ? `Basic ${toBase64(`${username}:${form.elements.password.value}`)}` : null;
      if (header) sessionStorage.setItem(CREDENTIALS_KEY, header);
      resolve(header);
    }, { once: true });
    dialog.showModal();
  });
}

async function closeContext(id, button) {
  if (!state.access.closeEnabled) {
    showNotice(state.access.reason);
    return;
  }
  let authorization = sessionStorage.getItem(CREDENTIALS_KEY) ?? await askCredentials();
  button.classList.add('busy');
  button.disabled = true;
  try {
    while (authorization) {
      const response = await fetch(`api/contexts/${id}`, {
        method: 'DELETE',
        headers: { Authorization: authorization, 'X-Requested-With': 'XMLHttpRequest', Accept: 'application/json' },
      });
      if (response.status !== 401) {
        if (!response.ok) {
          const problem = await response.json().catch(() => ({}));
          showNotice(problem.detail ?? `Closing context ${id} failed: HTTP ${response.status}`);
        } else {
          showNotice(null);
        }
        break;
      }
      sessionStorage.removeItem(CREDENTIALS_KEY);
      authorization = await askCredentials('Those credentials were refused; try again.');
    }
  } finally {
    button.classList.remove('busy');
    button.disabled = false;
    schedule(0);
  }
}

function bindControls() {
  let typing = null;
  const search = $('#search');
  const apply = () => {
    if (state.query.search === search.value) return;
    state.query.search = search.value;
    state.query.page = 0;
    schedule(0);
  };
  search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(apply, 300);
  });
  $('#search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(typing);
    apply();
  });
  $('#size').addEventListener('change', (event) => {
    state.query.size = Number(event.target.value);
    state.query.page = 0;
    schedule(0);
  });
  for (const header of document.querySelectorAll('#contexts th[data-sort]')) {
    header.querySelector('button').addEventListener('click', () => {
      const sort = header.dataset.sort;
      state.query.direction = state.query.sort === sort
        ? (state.query.direction === 'asc' ? 'desc' : 'asc') : header.dataset.first;
      state.query.sort = sort;
      state.query.page = 0;
      renderSortHeaders();
      schedule(0);
    });
  }
  $('#previous').addEventListener('click', () => {
    state.query.page = Math.max(0, state.query.page - 1);
    schedule(0);
  });
  $('#next').addEventListener('click', () => {
    if (state.query.page + 1 < state.totalPages) state.query.page++;
    schedule(0);
  });
}

/** Which replica answered (api/info): the pod, its namespace and node in Kubernetes, else the host name; and the build. */
async function showHost() {
  const info = await getJson('api/info').catch(() => null);
  if (!info) return;
  const { hostname, pod, namespace, node } = info.host;
  const parts = [pod ? `pod ${pod}` : `host ${hostname}`];
  if (namespace) parts.push(`namespace ${namespace}`);
  if (node) parts.push(`node ${node}`);
  const build = [info.build.version, info.build.commit && `(${info.build.commit})`].filter(Boolean).join(' ');
  if (build) parts.push(build);
  const host = $('#host');
  host.textContent = parts.join(' · ');
  host.title = `answered by ${hostname}`;
  host.hidden = false;
  document.title = `netctx · ${pod ?? hostname} · live contexts`;
}

async function start() {
  bindControls();
  showHost();
  renderSortHeaders();
  // the listeners and the first page are asked for at once, not after the access check
  const access = getJson('api/access').catch(() => ({ closeEnabled: false, schemes: [],
    reason: 'Closing is unavailable: netctx could not be reached' }));
  schedule(0);
  state.access = await access;
  if (!state.access.closeEnabled) showNotice(state.access.reason);
}

start();
