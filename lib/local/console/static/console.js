/* The local console's page script: plain DOM, no build step, no network beyond this server.
 * Everything shown comes from /console/api/* and is written with textContent, never as HTML,
 * so an event name or an error message cannot inject markup into a page that can purge. */
/* global document, window */
'use strict';

(function main() {
  const POLL_MS = 1000;
  const CHART = { width: 640, height: 110, pad: 26 };
  const KINDS = [
    { key: 'delivered', label: 'delivered', cls: 'k-delivered' },
    { key: 'skipped', label: 'skipped', cls: 'k-skipped' },
    { key: 'retry', label: 'retried', cls: 'k-retry' },
    { key: 'deadLetter', label: 'dead-lettered', cls: 'k-dead' },
  ];
  const $ = (id) => document.querySelector(`[data-testid="${id}"]`);
  const state = { overview: null, lastSeq: 0, deliveries: [], dlqSignature: '', dlqBusy: false, dlqAgain: false };

  // ---- tiny DOM helpers ---------------------------------------------------------------------
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name === 'class') el.className = value;
      else if (name === 'testid') el.dataset.testid = value;
      else if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
      else el.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children.flat(Infinity)) {
      if (child === undefined || child === null || child === false) continue;
      el.append(child instanceof window.Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }
  const svg = (tag, attrs) => {
    const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [name, value] of Object.entries(attrs || {})) el.setAttribute(name, String(value));
    return el;
  };
  const chip = (text, cls) => h('span', { class: `chip ${cls || ''}` }, text);
  const badge = (text, cls) => h('span', { class: `badge ${cls || ''}` }, text);
  const clockTime = (ms) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  const minuteTime = (ms) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  function ago(iso) {
    const ms = Date.now() - Date.parse(iso);
    if (!Number.isFinite(ms)) return '?';
    const s = Math.max(0, Math.round(ms / 1000));
    if (s < 90) return `${s} s`;
    if (s < 5400) return `${Math.round(s / 60)} min`;
    if (s < 129600) return `${Math.round(s / 3600)} h`;
    return `${Math.round(s / 86400)} d`;
  }

  async function api(path, body) {
    const init = body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
    const response = await window.fetch(path, init);
    const data = await response.json().catch(() => ({ message: `HTTP ${response.status}` }));
    if (!response.ok) throw new Error(data.message || `HTTP ${response.status}`);
    return data;
  }

  // ---- header and sources -------------------------------------------------------------------
  function renderInfo(o) {
    const target = o.pinterest.sandbox ? `built-in sandbox (${o.pinterest.url})` : o.pinterest.url;
    $('stack-info').replaceChildren(
      h('span', { class: 'pill' }, 'Pinterest: ', o.pinterest.sandbox ? 'sandbox' : 'real API'),
      h('span', { class: 'pill' }, 'SQS: ', o.queues.endpoint || 'configured endpoint'),
    );
    $('pinterest-target').textContent = `Requests the worker made to ${target}. User data is shown by key only; hashes and tokens never leave the server.`;
  }

  function mappingTable(mapping, heading = 'Pinterest event') {
    const rows = Object.entries(mapping && typeof mapping === 'object' ? mapping : {});
    if (rows.length === 0) return h('p', { class: 'muted small' }, 'No event mapping: Segment spec names map to Pinterest events by default.');
    return h(
      'table',
      { class: 'mini' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Segment event'), h('th', {}, heading))),
      h('tbody', {}, rows.map(([from, to]) => h('tr', {}, h('td', {}, from), h('td', {}, String(to))))),
    );
  }

  function customList(props) {
    if (!Array.isArray(props) || props.length === 0) return h('span', { class: 'muted' }, 'none');
    return h('span', {}, props.map((p) => chip(typeof p === 'string' ? p : `${p && p.property} → ${p && p.target}`)));
  }

  function renderSources(view) {
    $('sources-file').textContent = view.file ? `From ${view.file}, checked with pinterest-tag settings validate.` : '';
    const list = $('sources');
    const items = [];
    if (view.error) items.push(h('p', { class: 'problem error' }, view.error));
    if (view.note) items.push(h('p', { class: 'muted' }, view.note));
    for (const s of view.sources) {
      const state = s.errors.length ? badge('invalid', 'bad') : s.warnings.length ? badge('warnings', 'warn') : badge('valid', 'good');
      items.push(
        h(
          'article',
          { class: 'source', testid: 'source', 'data-source': s.id },
          h('header', {}, h('h3', {}, s.id), state, s.testMode === true ? badge('test mode', 'info') : null),
          h(
            'dl',
            {},
            h('dt', {}, 'Tag ID'), h('dd', {}, s.tagId === undefined ? h('span', { class: 'muted' }, 'not set') : String(s.tagId)),
            h('dt', {}, 'Ad account'), h('dd', {}, s.adAccountId === undefined ? h('span', { class: 'muted' }, 'not set') : String(s.adAccountId)),
            h('dt', {}, 'Test mode'), h('dd', {}, s.testMode === true ? 'on (Pinterest records nothing)' : s.testMode === false || s.testMode === undefined ? 'off' : JSON.stringify(s.testMode)),
            h('dt', {}, 'Unmapped'), h('dd', {}, String(s.unmappedEvents === undefined ? 'partner (default)' : s.unmappedEvents)),
            h('dt', {}, 'Secrets'), h('dd', {}, chip(`token ${s.conversionToken ? 'set' : 'missing'}`, s.conversionToken ? '' : 'warn'), chip(`webhook secret ${s.webhookSecret ? 'set' : 'missing'}`, s.webhookSecret ? '' : 'warn')),
            h('dt', {}, 'Custom props'), h('dd', {}, customList(s.customProperties)),
          ),
          mappingTable(s.eventMapping),
          s.advertiserDefinedEvents && Object.keys(s.advertiserDefinedEvents).length ? mappingTable(s.advertiserDefinedEvents, 'advertiser-defined, as') : null,
          s.errors.map((e) => h('p', { class: 'problem error', testid: 'source-error' }, e)),
          s.warnings.map((w) => h('p', { class: 'problem warn', testid: 'source-warning' }, w)),
        ),
      );
    }
    if (view.sources.length === 0 && !view.error && !view.note) items.push(h('p', { class: 'muted' }, 'No sources.'));
    list.replaceChildren(...items);

    const select = $('source-select');
    select.replaceChildren(...view.sources.map((s) => h('option', { value: s.id }, s.errors.length ? `${s.id} (invalid)` : s.id)));
  }

  // ---- event tester -------------------------------------------------------------------------
  function renderPreview(preview) {
    const out = $('translate-output');
    if (!preview.ok) {
      out.replaceChildren(h('p', { class: 'problem error', testid: 'translate-error' }, preview.error));
      return;
    }
    const parts = [];
    if (preview.results.length > 1) {
      const sent = preview.results.filter((r) => r.ok).length;
      parts.push(h('p', { class: 'summary small', testid: 'translate-summary' }, `${preview.results.length} events: ${sent} would be sent, ${preview.results.length - sent} dropped`));
    }
    parts.push(...preview.settingsWarnings.map((w) => h('p', { class: 'problem warn', testid: 'settings-warning' }, `settings: ${w}`)));
    preview.results.forEach((r, i) => {
      const label = preview.results.length > 1 ? `#${i + 1} ` : '';
      if (!r.ok) {
        parts.push(
          h(
            'div',
            { class: 'result dropped', testid: 'translate-result', 'data-status': 'dropped' },
            h('div', { class: 'result-head' }, badge(`${label}dropped`, 'bad'), h('code', { testid: 'drop-reason' }, r.drop.reason)),
            h('p', {}, r.drop.message),
          ),
        );
        return;
      }
      parts.push(
        h(
          'div',
          { class: 'result', testid: 'translate-result', 'data-status': 'event' },
          h('div', { class: 'result-head' }, badge(`${label}${r.event.event_name}`, 'good'), h('span', { class: 'muted small' }, `event_id ${r.event.event_id} · ${r.event.action_source}`)),
          h(
            'p',
            { class: 'keys', testid: 'hashed-keys' },
            h('span', { class: 'muted' }, 'hashed (SHA-256): '),
            r.hashedKeys.length ? r.hashedKeys.map((k) => chip(k, 'hashed')) : h('span', { class: 'muted' }, 'none'),
            r.plainKeys.length ? [h('span', { class: 'muted' }, ' · sent as is: '), r.plainKeys.map((k) => chip(k))] : null,
          ),
          r.warnings.map((w) => h('p', { class: 'problem warn', testid: 'event-warning' }, w)),
          h('pre', { class: 'json' }, JSON.stringify(r.event, null, 2)),
        ),
      );
    });
    out.replaceChildren(...parts);
  }

  async function translateNow() {
    const out = $('translate-output');
    out.classList.add('busy');
    try {
      renderPreview(await api('/console/api/translate', { sourceId: $('source-select').value, text: $('event-input').value }));
    } catch (error) {
      out.replaceChildren(h('p', { class: 'problem error', testid: 'translate-error' }, error.message));
    } finally {
      out.classList.remove('busy');
    }
  }

  async function sendNow() {
    const result = $('send-result');
    const button = $('send-button');
    button.disabled = true;
    result.textContent = 'Sending…';
    try {
      const answer = await api('/console/api/send', { sourceId: $('source-select').value, text: $('event-input').value });
      const body = answer.body && typeof answer.body === 'object' ? answer.body : {};
      const count = (v) => (Array.isArray(v) ? v.length : v);
      const counts = ['accepted', 'ignored', 'rejected']
        .filter((k) => typeof count(body[k]) === 'number')
        .map((k) => `${k} ${count(body[k])}`)
        .join(', ');
      result.className = `send-result small ${answer.status < 300 ? 'ok' : 'bad'}`;
      result.textContent = `Ingest answered ${answer.status}${counts ? `: ${counts}` : ''}${body.message ? ` (${body.message})` : ''}. Watch Deliveries below.`;
    } catch (error) {
      result.className = 'send-result small bad';
      result.textContent = `Not sent: ${error.message}`;
    } finally {
      button.disabled = false;
    }
  }

  async function loadSample() {
    const name = $('sample-select').value;
    if (!name) return;
    try {
      const sample = await api(`/console/api/sample?name=${encodeURIComponent(name)}`);
      const input = $('event-input');
      input.value = sample.text;
      input.scrollTop = 0;
      await translateNow();
    } catch (error) {
      $('translate-output').replaceChildren(h('p', { class: 'problem error' }, error.message));
    }
  }

  // ---- deliveries ---------------------------------------------------------------------------
  function renderChart(chart) {
    const { width, height, pad } = CHART;
    const max = Math.max(1, ...chart.map((m) => KINDS.reduce((sum, k) => sum + m[k.key], 0)));
    const barW = (width - pad) / chart.length;
    const root = svg('svg', { viewBox: `0 0 ${width} ${height + 18}`, role: 'img', 'aria-label': 'outcomes per minute, last 15 minutes' });
    const ticks = max % 2 === 0 ? [0, max / 2, max] : [0, max];
    for (const tick of ticks) {
      const py = height - (tick / max) * (height - 8);
      root.append(svg('line', { x1: pad, x2: width, y1: py, y2: py, class: 'grid' }));
      const label = svg('text', { x: pad - 6, y: py + 3, class: 'axis', 'text-anchor': 'end' });
      label.textContent = String(tick);
      root.append(label);
    }
    chart.forEach((m, i) => {
      let y = height;
      const x = pad + i * barW + 2;
      for (const k of KINDS) {
        const v = m[k.key];
        if (!v) continue;
        const bh = (v / max) * (height - 8);
        y -= bh;
        const rect = svg('rect', { x, y, width: Math.max(1, barW - 4), height: bh, class: k.cls, rx: 2 });
        const title = svg('title', {});
        title.textContent = `${minuteTime(m.minute)} ${k.label}: ${v}`;
        rect.append(title);
        root.append(rect);
      }
      if (i % 5 === 0 || i === chart.length - 1) {
        const t = svg('text', { x: x + (barW - 4) / 2, y: height + 14, class: 'axis', 'text-anchor': 'middle' });
        t.textContent = i === chart.length - 1 ? 'now' : minuteTime(m.minute);
        root.append(t);
      }
    });
    $('outcome-chart').replaceChildren(root);
  }

  function renderTotals(totals) {
    $('outcome-totals').replaceChildren(
      ...KINDS.map((k) => h('li', { 'data-kind': k.key }, h('span', { class: `swatch ${k.cls}` }), h('b', {}, String(totals[k.key])), ` ${k.label}`)),
    );
  }

  function statusClass(status) {
    if (status === 'processed' || status === 'sent') return 'good';
    if (status === 'failed' || status === 'timeout' || status === 'network' || /^HTTP [45]/.test(status)) return 'bad';
    return 'warn';
  }

  function deliveryRow(d) {
    const ok = d.httpStatus !== undefined && d.httpStatus < 300;
    return h(
      'article',
      { class: 'delivery', testid: 'delivery', 'data-seq': d.seq, 'data-status': d.httpStatus === undefined ? 'error' : d.httpStatus },
      h(
        'header',
        {},
        badge(d.httpStatus === undefined ? 'no answer' : String(d.httpStatus), ok ? 'good' : 'bad'),
        h('span', {}, `POST ad account ${d.adAccountId}`),
        d.testMode ? badge('test', 'info') : null,
        h('span', { class: 'muted small' }, `${d.events.length} event${d.events.length === 1 ? '' : 's'} · ${d.latencyMs} ms · ${clockTime(d.at)}`),
      ),
      d.error ? h('p', { class: 'problem error' }, d.error) : null,
      h(
        'ul',
        { class: 'events' },
        d.events.slice(0, 25).map((e) =>
          h(
            'li',
            { testid: 'delivery-event', 'data-event-id': e.eventId },
            h('code', { class: 'name' }, e.eventName),
            h('span', { class: 'muted small id', title: e.eventId }, e.eventId),
            badge(e.status, statusClass(e.status)),
            h('span', { class: 'keys' }, e.hashedKeys.map((k) => chip(k, 'hashed')), e.plainKeys.map((k) => chip(k))),
            e.error ? h('span', { class: 'small error-text wide' }, e.error) : null,
            e.warning ? h('span', { class: 'small warn-text wide' }, e.warning) : null,
          ),
        ),
        d.events.length > 25 ? h('li', { class: 'muted small' }, `… and ${d.events.length - 25} more`) : null,
      ),
    );
  }

  function renderDeliveries() {
    const list = $('deliveries');
    if (state.deliveries.length === 0) return;
    list.replaceChildren(...state.deliveries.slice(-30).reverse().map(deliveryRow));
  }

  async function poll() {
    try {
      const data = await api(`/console/api/deliveries?after=${state.lastSeq}`);
      if (data.deliveries.length > 0) {
        state.deliveries.push(...data.deliveries);
        state.lastSeq = data.lastSeq;
        renderDeliveries();
      }
      renderChart(data.chart);
      renderTotals(data.totals);
      const signature = `${data.totals.deadLetter}/${data.dlqMessages}`;
      if (signature !== state.dlqSignature) {
        state.dlqSignature = signature;
        await refreshDlq();
      }
      document.body.classList.remove('offline');
    } catch {
      document.body.classList.add('offline');
    } finally {
      window.setTimeout(poll, POLL_MS);
    }
  }

  // ---- dead letters -------------------------------------------------------------------------
  function reasonText(reason) {
    return (state.overview && state.overview.reasons[reason]) || '';
  }

  function renderDlq(data) {
    const { stats, peek } = data;
    const approx = stats.approximate;
    const groups = stats.groups.map((g) =>
      h(
        'tr',
        { testid: 'dlq-group', 'data-reason': g.reason, 'data-source': g.sourceId },
        h('td', {}, g.sourceId),
        h('td', {}, h('code', {}, g.reason), h('div', { class: 'muted small' }, reasonText(g.reason))),
        h('td', { class: 'num' }, String(g.count)),
        h(
          'td',
          { class: 'row-actions' },
          h('button', { type: 'button', class: 'secondary small-btn', testid: 'replay-group-button', onclick: () => replay({ reason: g.reason, source: g.sourceId === '(none)' ? undefined : g.sourceId }) }, 'Replay'),
          h('button', { type: 'button', class: 'danger small-btn', testid: 'purge-button', onclick: () => askPurge(g) }, 'Purge…'),
        ),
      ),
    );
    $('dlq-stats').replaceChildren(
      h(
        'p',
        { class: 'summary' },
        h('b', { testid: 'dlq-total' }, String(stats.total)),
        ` message${stats.total === 1 ? '' : 's'} in the dead-letter queue`,
        stats.truncated ? ' (partial count)' : '',
        stats.oldestInQueueSeconds !== undefined ? ` · longest waiting ${Math.round(stats.oldestInQueueSeconds)} s` : '',
        approx.inFlight ? ` · ${approx.inFlight} in flight` : '',
      ),
      groups.length
        ? h('table', { class: 'mini groups' }, h('thead', {}, h('tr', {}, h('th', {}, 'Source'), h('th', {}, 'Reason'), h('th', { class: 'num' }, 'Count'), h('th', {}, ''))), h('tbody', {}, groups))
        : h('p', { class: 'muted' }, 'Nothing dead-lettered. Events that fail for good land here with their reason.'),
    );
    $('dlq-entries').replaceChildren(
      ...peek.messages.map((m) => {
        const e = m.event || {};
        return h(
          'article',
          { class: 'dlq-entry', testid: 'dlq-entry', 'data-reason': m.reason, 'data-replays': m.replays },
          h(
            'header',
            {},
            badge(m.reason, 'bad'),
            h('span', {}, e.unreadable ? e.unreadable : `${e.type || '?'}${e.name ? ` “${e.name}”` : ''}`),
            h('span', { class: 'muted small' }, `source ${m.sourceId || '(none)'} · attempts ${m.attempts === undefined ? '?' : m.attempts} · replays ${m.replays}`),
            h('span', { class: 'muted small' }, m.deadLetteredAt ? `${ago(m.deadLetteredAt)} ago` : ''),
          ),
          m.detail ? h('p', { class: 'detail' }, m.detail) : null,
          h(
            'p',
            { class: 'small fingerprints' },
            e.messageId ? chip(`messageId ${e.messageId}`) : null,
            e.userId ? chip(`userId ${e.userId}`, 'hashed') : null,
            e.anonymousId ? chip(`anonymousId ${e.anonymousId}`, 'hashed') : null,
            e.propertyKeys && e.propertyKeys.length ? h('span', { class: 'muted' }, ` properties: ${e.propertyKeys.join(', ')}`) : null,
          ),
        );
      }),
    );
    $('replay-button').disabled = stats.total === 0;
  }

  async function refreshDlq() {
    // A change seen while a read is running gets its own read afterwards, never dropped.
    if (state.dlqBusy) {
      state.dlqAgain = true;
      return;
    }
    state.dlqBusy = true;
    document.querySelector('.dlq-stats').classList.add('busy');
    try {
      renderDlq(await api('/console/api/dlq'));
    } catch (error) {
      $('dlq-result').textContent = `Could not read the dead-letter queue: ${error.message}`;
    } finally {
      state.dlqBusy = false;
      document.querySelector('.dlq-stats').classList.remove('busy');
    }
    if (state.dlqAgain) {
      state.dlqAgain = false;
      await refreshDlq();
    }
  }

  function setDlqResult(text, ok) {
    const el = $('dlq-result');
    el.className = `small ${ok ? 'ok' : 'bad'}`;
    el.textContent = text;
  }

  async function replay(filter) {
    setDlqResult('Replaying…', true);
    try {
      const s = await api('/console/api/dlq/replay', filter || {});
      const extra = [s.failed ? `${s.failed} failed` : '', s.unreplayable ? `${s.unreplayable} without a source` : ''].filter(Boolean).join(', ');
      setDlqResult(`Replayed ${s.replayed} of ${s.scanned} read${extra ? ` (${extra})` : ''}: they are back in the main queue.`, !extra);
    } catch (error) {
      setDlqResult(`Replay failed: ${error.message}`, false);
    }
    await refreshDlq();
  }

  function askPurge(group) {
    const dialog = $('purge-dialog');
    const source = group.sourceId === '(none)' ? undefined : group.sourceId;
    $('purge-question').textContent = `Delete ${group.count} dead letter${group.count === 1 ? '' : 's'} with reason ${group.reason}${source ? ` from source ${source}` : ''}?`;
    const confirmButton = $('purge-confirm');
    const cancelButton = $('purge-cancel');
    const close = () => {
      confirmButton.onclick = null;
      cancelButton.onclick = null;
      dialog.close();
    };
    cancelButton.onclick = close;
    confirmButton.onclick = async () => {
      close();
      setDlqResult('Purging…', true);
      try {
        const s = await api('/console/api/dlq/purge', { reason: group.reason, source, confirm: true });
        setDlqResult(`Deleted ${s.deleted} dead letter${s.deleted === 1 ? '' : 's'} for good.`, s.deleteFailed === 0);
      } catch (error) {
        setDlqResult(`Purge failed: ${error.message}`, false);
      }
      await refreshDlq();
    };
    dialog.showModal();
  }

  // ---- start --------------------------------------------------------------------------------
  async function start() {
    $('translate-button').addEventListener('click', translateNow);
    $('send-button').addEventListener('click', sendNow);
    $('sample-select').addEventListener('change', loadSample);
    $('dlq-refresh-button').addEventListener('click', refreshDlq);
    $('replay-button').addEventListener('click', () => replay({}));
    try {
      state.overview = await api('/console/api/overview');
      renderInfo(state.overview);
      renderSources(state.overview.sources);
      $('sample-select').append(...state.overview.samples.map((name) => h('option', { value: name }, name)));
      document.body.dataset.ready = 'true';
    } catch (error) {
      $('sources').replaceChildren(h('p', { class: 'problem error' }, `Console API unavailable: ${error.message}`));
    }
    poll();
  }

  start();
})();
