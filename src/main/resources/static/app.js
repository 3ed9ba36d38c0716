// netctx live page: polls the REST API every second and shows open contexts with byte rates.
'use strict';

const REFRESH_MILLIS = 1000;
const CREDENTIALS_KEY = 'netctx.credentials';

const state = {
  access: { closeEnabled: false, schemes: [], reason: null },
  previous: new Map(),          // key -> { at, received, sent }
  rows: new Map(),              // context id -> <tr>
};

const $ = (selector) => document.querySelector(selector);

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

/** Bytes per second since the previous sample of the same key, or null on the first one. */
function rates(key, now, received, sent) {
  const before = state.previous.get(key);
  state.previous.set(key, { at: now, received, sent });
  if (!before || now <= before.at) return { in: null, out: null };
  const seconds = (now - before.at) / 1000;
  return { in: Math.max(0, received - before.received) / seconds, out: Math.max(0, sent - before.sent) / seconds };
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

function badge(protocol) {
  return element('span', `badge ${protocol.toLowerCase()}`, protocol.toUpperCase());
}

function renderListeners(listeners, now) {
  const cards = listeners.map((listener) => {
    const rate = rates(`listener:${listener.name}`, now, listener.bytesReceived, listener.bytesSent);
    const refused = Object.values(listener.refused).reduce((sum, count) => sum + count, 0);
    const card = element('article', 'card');
    card.dataset.listener = listener.name;
    const title = element('div', 'title');
    title.append(element('span', null, listener.name), badge(listener.protocol),
      element('span', `state ${listener.accepting ? 'up' : 'down'}`, listener.accepting ? 'ACCEPTING' : 'DOWN'));
    const list = element('dl');
    for (const [label, value, name] of [
      ['open', listener.openSessions, 'open'],
      ['accepted', listener.accepted, 'accepted'],
      ['refused', refused, 'refused'],
      ['received', humanBytes(listener.bytesReceived), 'received'],
      ['sent', humanBytes(listener.bytesSent), 'sent'],
      ['in / out', `${humanRate(rate.in)} / ${humanRate(rate.out)}`, 'rates'],
    ]) {
      list.append(element('dt', null, label), element('dd', name, String(value)));
    }
    card.append(title, element('div', 'addr', listener.local ?? 'not bound'), list);
    return card;
  });
  $('#listeners').replaceChildren(...cards);
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
  const listenerCell = row.querySelector('.listener');
  listenerCell.append(badge(context.protocol), document.createTextNode(` ${context.listener}`));
  row.querySelector('.role').textContent = context.role;
  row.querySelector('.local').textContent = context.local;
  row.querySelector('.remote').textContent = context.remote ?? '';
  const button = element('button', 'close', 'Close');
  button.type = 'button';
  button.addEventListener('click', () => closeContext(context.id, button));
  row.querySelector('.action').append(button);
  return row;
}

function updateRow(row, context, now) {
  const rate = rates(`context:${context.id}`, now, context.bytesReceived, context.bytesSent);
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
  row.querySelector('.rate-in').textContent = listener ? '' : humanRate(rate.in);
  row.querySelector('.rate-out').textContent = listener ? '' : humanRate(rate.out);
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

function renderContexts(contexts, now) {
  const body = $('#contexts tbody');
  const open = new Set(contexts.map((context) => context.id));
  for (const [id, row] of state.rows) {
    if (!open.has(id)) {
      row.remove();
      state.rows.delete(id);
      state.previous.delete(`context:${id}`);
    }
  }
  let before = null;
  for (const context of contexts) {
    let row = state.rows.get(context.id);
    if (!row) {
      row = createRow(context);
      state.rows.set(context.id, row);
    }
    updateRow(row, context, now);
    const expected = before ? before.nextSibling : body.firstChild;
    if (expected !== row) body.insertBefore(row, expected);
    before = row;
  }
  $('#count').textContent = `(${contexts.length})`;
  $('#empty').hidden = contexts.length > 0;
}

async function getJson(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' }, cache: 'no-store' });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

async function refresh() {
  const status = $('#status');
  try {
    const [contexts, listeners] = await Promise.all([getJson('api/contexts'), getJson('api/listeners')]);
    const now = performance.now();
    renderListeners(listeners, now);
    renderContexts(contexts, now);
    status.className = 'status live';
    status.textContent = `live · updated ${new Date().toLocaleTimeString()}`;
  } catch (error) {
    status.className = 'status down';
    status.textContent = `cannot reach netctx (${error.message}); retrying`;
  }
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
    await refresh();
  }
}

async function start() {
  try {
    state.access = await getJson('api/access');
  } catch (error) {
    state.access = { closeEnabled: false, schemes: [], reason: 'Closing is unavailable: netctx could not be reached' };
  }
  if (!state.access.closeEnabled) showNotice(state.access.reason);
  await refresh();
  setInterval(refresh, REFRESH_MILLIS);
}

start();
