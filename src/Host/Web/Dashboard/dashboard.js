// MovieSync dashboard: plain JS, same-origin fetches only, text always set through textContent (never HTML).
"use strict";

// The movies still to grab (pending, failed and waiting for their turn) are one list, in the FileList line's order.
const GROUPS = [
  { id: "downloading", title: "Downloading", columns: ["movie", "progress", "speed", "eta"],
    holds: m => m.state === "downloading" || (m.state === "waiting" && !m.queue_position) },
  { id: "queue", title: "To grab, in queue order", columns: ["position", "movie", "why", "priority", "retries", "actions"],
    holds: m => m.queue_position > 0 || m.state === "pending" || m.state === "failed", order: byQueuePosition },
  { id: "permanent_failure", title: "Permanent failures", columns: ["movie", "retries", "last_error", "actions"],
    holds: m => m.state === "permanent_failure" },
  { id: "skipped", title: "Skipped", columns: ["movie", "retries", "updated", "last_error", "actions"], holds: m => m.state === "skipped" },
  { id: "completed", title: "Completed", columns: ["movie", "torrent", "completed"], holds: m => m.state === "completed" },
];
const HEADINGS = {
  movie: "Movie", torrent: "Torrent", progress: "Progress", speed: "Speed", eta: "ETA", retries: "Retries",
  updated: "Since", completed: "Completed", last_error: "Last error", actions: "", position: "#", why: "Why it waits (last error)",
  priority: "Priority",
};
const COUNT_KEYS = ["pending", "waiting", "failed", "permanent_failures", "downloading", "completed", "skipped", "total"];
const PRIORITIES = ["high", "normal", "low"];

const view = { movies: [], selected: null, confirmingForget: new Map(), live: false, refreshedAt: 0 };
let refreshTimer = null;
let refreshing = null;

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

async function api(path, options) {
  const response = await fetch(path, { credentials: "same-origin", headers: { Accept: "application/json" }, ...options });
  const body = await response.json().catch(() => null);
  if (response.status === 401) {
    showNotice((body && body.error && body.error.includes("expired"))
      ? "This dashboard session has expired: open the page again as /?token=… with the value of dashboard.token."
      : "This dashboard needs its token: open it once as /?token=… with the value of dashboard.token.");
  }
  if (!response.ok && !(body && "accepted" in body)) {
    throw new Error((body && body.error) || `HTTP ${response.status}`);
  }
  return body;
}

function showNotice(text) {
  const notice = document.getElementById("notice");
  notice.textContent = text;
  notice.hidden = !text;
}

function toast(text, refused) {
  const box = document.getElementById("toast");
  box.textContent = text;
  box.className = refused ? "toast refused" : "toast";
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.hidden = true; }, 4000);
}

// ---- formatting -------------------------------------------------------------------------------------------------

function duration(seconds) {
  seconds = Math.max(0, Math.round(seconds));
  const d = Math.floor(seconds / 86400), h = Math.floor(seconds % 86400 / 3600);
  const m = Math.floor(seconds % 3600 / 60), s = seconds % 60;
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${String(m).padStart(2, "0")}m`;
  if (m > 0) return `${m}m ${String(s).padStart(2, "0")}s`;
  return `${s}s`;
}

function countdown(iso) {
  const left = (new Date(iso) - Date.now()) / 1000;
  return left <= 0 ? "due now" : `in ${duration(left)}`;
}

function ago(iso) {
  if (!iso) return "";
  const seconds = (Date.now() - new Date(iso)) / 1000;
  return seconds < 5 ? "just now" : `${duration(seconds)} ago`;
}

function speed(bytesPerSecond) {
  if (bytesPerSecond === null || bytesPerSecond === undefined) return "–";
  const units = ["B/s", "KB/s", "MB/s", "GB/s"];
  let value = bytesPerSecond, unit = 0;
  while (value >= 1000 && unit < units.length - 1) { value /= 1000; unit++; }
  return `${value.toFixed(value < 10 && unit > 0 ? 1 : 0)} ${units[unit]}`;
}

function localTime(iso) {
  return iso ? new Date(iso).toLocaleString() : "";
}

// Today's times as 14:05, later ones with their date.
function shortTime(iso) {
  const at = new Date(iso), now = new Date();
  const time = at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  return at.toDateString() === now.toDateString() ? time : `${at.toLocaleDateString([], { day: "numeric", month: "short" })} ${time}`;
}

function eventTitle(name) {
  const text = String(name || "").replace(/-/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// ---- the board ----------------------------------------------------------------------------------------------------

function cell(column, movie) {
  switch (column) {
    case "movie":
      return el("td", { class: "movie" },
        el("div", { class: "title-line" },
          el("button", { class: "movie-link", type: "button", title: "Show its timeline", onclick: () => openTimeline(movie.id) }, movie.title || movie.id),
          movie.year ? el("span", { class: "year" }, movie.year) : null),
        el("div", { class: "movie-id" }, movie.id, movie.priority && movie.priority !== "normal" && !isQueued(movie)
          ? el("span", { class: `priority-tag ${movie.priority}` }, `${movie.priority} priority`) : null));
    case "torrent":
      // A completed film without a torrent was found in the download directory.
      return el("td", { class: "torrent" }, movie.torrent_name || (movie.state === "completed" ? "already on disk" : "–"));
    case "progress": {
      const paused = movie.state === "waiting" ? el("div", { class: "waiting-reason" }, movie.waiting_reason || "waiting") : null;
      const fraction = movie.progress === null || movie.progress === undefined ? null : Math.min(1, Math.max(0, movie.progress));
      const bar = el("span");
      bar.style.width = `${((fraction || 0) * 100).toFixed(1)}%`;
      return el("td", { class: "progress-cell" }, el("div", { class: "progress", role: "progressbar", "aria-valuemin": 0, "aria-valuemax": 100,
          "aria-valuenow": fraction === null ? null : Math.round(fraction * 100), "aria-label": `${movie.title} downloaded` },
        el("div", { class: "bar" }, bar), el("span", { class: "pct" }, fraction === null ? "…" : `${(fraction * 100).toFixed(1)}%`)),
        movie.torrent_name ? el("div", { class: "torrent-name", title: movie.torrent_name }, movie.torrent_name) : null, paused);
    }
    case "speed":
      return el("td", { class: "num" }, speed(movie.download_speed));
    case "eta":
      return el("td", { class: "num" }, movie.eta_seconds === null || movie.eta_seconds === undefined ? "–" : duration(movie.eta_seconds));
    case "retries":
      return el("td", { class: "num" }, movie.retries);
    case "updated":
    case "completed":
      return el("td", { class: "num muted", "data-since": movie.updated_at, title: localTime(movie.updated_at) }, ago(movie.updated_at));
    case "position":
      return el("td", { class: "num position" }, movie.queue_position || "–");
    case "why":
      // The last error under the reason: the line is wide enough without a column of its own.
      return el("td", { class: "why" }, whyItWaits(movie),
        movie.last_error ? el("div", { class: "error", title: movie.last_error }, movie.last_error) : null);
    case "priority":
      return el("td", { class: "priority-cell" }, priorityControl(movie));
    case "last_error":
      return el("td", { class: "error-cell" }, movie.last_error ? el("div", { class: "error", title: movie.last_error }, movie.last_error) : null);
    case "actions":
      return el("td", { class: "actions" }, actionsOf(movie));
    default:
      return el("td");
  }
}

function isQueued(movie) {
  return GROUPS.find(g => g.holds(movie)).id === "queue";
}

function byQueuePosition(a, b) {
  return (a.queue_position || Infinity) - (b.queue_position || Infinity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function ordinal(n) {
  const tens = n % 100, ones = n % 10;
  const suffix = tens >= 11 && tens <= 13 ? "th" : ones === 1 ? "st" : ones === 2 ? "nd" : ones === 3 ? "rd" : "th";
  return `${n}${suffix}`;
}

// The state as a pill, then why the movie is where it is in the line: a grab under way, a deferral, a backoff, its turn.
function whyItWaits(movie) {
  const pill = el("span", { class: `pill ${movie.state}`, "data-role": "state" }, movie.state.replace(/_/g, " "));
  if (movie.grab_now) {
    return [pill, " ", el("span", { class: "reason" }, `grab now: attempt ${movie.retries + 1}, first in line`)];
  }
  if (movie.state === "waiting") {
    return [pill, " ", el("span", { class: "reason waiting-reason", title: movie.waiting_until ? `until ${localTime(movie.waiting_until)}` : null },
      movie.waiting_reason || "held back")];
  }
  if (movie.state === "failed" && movie.next_retry_at) {
    return [pill, " ", el("span", { class: "reason" }, `retry ${movie.retries} at ${shortTime(movie.next_retry_at)} `),
      el("span", { class: "reason countdown", "data-deadline": movie.next_retry_at, title: localTime(movie.next_retry_at) },
        countdown(movie.next_retry_at))];
  }
  if (movie.queue_position === 1) return [pill, " ", el("span", { class: "reason" }, "next in line")];
  return [pill, " ", el("span", { class: "reason" }, movie.queue_position ? `${ordinal(movie.queue_position)} in line` : "")];
}

function priorityControl(movie) {
  return el("div", { class: "priority", role: "group", "aria-label": `Priority of ${movie.title || movie.id}` },
    PRIORITIES.map(value => el("button", {
      type: "button", class: `priority-choice ${value}`, "aria-pressed": String(movie.priority === value), "data-priority": value,
      title: `Priority ${value}: its place in the FileList line`,
      onclick: event => { if (movie.priority !== value) command(movie, `priority?value=${value}`, event.currentTarget); },
    }, value.charAt(0).toUpperCase() + value.slice(1))));
}

function button(movie, verb, label, title, extraClass) {
  return el("button", { class: `action ${verb}${extraClass ? ` ${extraClass}` : ""}`, type: "button", title,
    onclick: event => command(movie, verb, event.currentTarget) }, label);
}

function actionsOf(movie) {
  const buttons = [];
  const queued = isQueued(movie);
  if ((queued && !movie.grab_now) || movie.state === "permanent_failure") {
    buttons.push(button(movie, "grab", "Grab now", "Attempt now, first in line, whatever its backoff (the retry count carries on)"));
  }
  if (movie.state === "failed" || movie.state === "permanent_failure" || movie.state === "skipped") {
    buttons.push(button(movie, "retry", "Retry", movie.state === "skipped"
      ? "Back to pending: grabbed again in its turn" : "Back to pending with a fresh retry count"));
  }
  if (queued || movie.state === "permanent_failure") {
    buttons.push(button(movie, "skip", "Skip", "Never grab it (kept while on the watchlist; Retry brings it back)"));
  }
  const confirming = (view.confirmingForget.get(movie.id) || 0) > Date.now();
  buttons.push(el("button", { class: confirming ? "action forget confirm" : "action forget", type: "button",
    title: "Stop tracking this movie (it comes back only if it reappears on the watchlist)",
    onclick: event => forget(movie, event.currentTarget) }, confirming ? "Really forget?" : "Forget"));
  return buttons;
}

function renderBoard() {
  const board = document.getElementById("board");
  const sections = [];
  for (const group of GROUPS) {
    const movies = view.movies.filter(m => GROUPS.find(g => g.holds(m)) === group);
    if (movies.length === 0) continue;
    if (group.order) movies.sort(group.order);
    const head = el("tr", {}, group.columns.map(c => el("th", { class: c === "actions" ? "actions" : null }, HEADINGS[c])));
    const rows = movies.map(movie => el("tr", { "data-movie-id": movie.id, "data-state": movie.state,
      class: movie.id === view.selected ? "selected" : null }, group.columns.map(c => cell(c, movie))));
    sections.push(el("section", { class: "group", id: `section-${group.id}`, "data-group": group.id },
      el("header", {}, el("span", { class: `pill ${group.id}` }, group.title), el("span", { class: "badge" }, movies.length)),
      el("table", {}, el("thead", {}, head), el("tbody", {}, rows))));
  }
  if (sections.length === 0) {
    sections.push(el("p", { class: "empty" }, "No movies yet. They appear here as soon as the watchlist is read."));
  }
  board.replaceChildren(...sections);
}

function renderCounts(status) {
  for (const key of COUNT_KEYS) {
    document.getElementById(`count-${key}`).textContent = status[key] ?? 0;
  }
}

const ACCOUNT_STATES = {
  ok: "ok",
  credentials_rejected: "credentials rejected",
  rate_limited: "rate limited",
  unreachable: "unreachable",
};

function renderAccounts(accounts) {
  const panel = document.getElementById("accounts");
  panel.hidden = !accounts || accounts.length === 0;
  if (panel.hidden) return;
  document.getElementById("accounts-rows").replaceChildren(...accounts.map(a => el("tr", { "data-account": a.username },
    el("td", {}, a.username), el("td", {}, a.node),
    el("td", {}, el("span", { class: `account-state ${a.state}` }, ACCOUNT_STATES[a.state] || a.state)),
    el("td", {}, `${a.requests_left} / ${a.requests_per_hour}`), el("td", {}, a.searches), el("td", {}, a.downloads))));
}

// The services strip: each part of GET /healthz (the journal, qBittorrent, each FileList account, Letterboxd).
const SERVICE_STATES = {
  ok: "ok", unavailable: "unavailable", unknown: "not answering", unreachable: "unreachable",
  credentials_rejected: "credentials rejected", banned: "banned", unexpected_reply: "unexpected reply",
  rate_limited: "budget spent", not_read_yet: "not read yet", retrying: "retrying", failing: "failing",
};

function since(label, iso) {
  return iso ? el("span", {}, `${label} `, el("span", { "data-since": iso }, ago(iso))) : null;
}

function serviceChip(name, state, healthy, details) {
  return el("div", { class: `service ${healthy ? "healthy" : "failing"}`, "data-service": name, "data-state": state },
    el("span", { class: "service-name" }, name),
    el("span", { class: "service-state" }, SERVICE_STATES[state] || state),
    ...details.filter(Boolean).map(detail => el("span", { class: "service-detail" }, detail)));
}

function renderServices(health) {
  const strip = document.getElementById("services");
  strip.hidden = !health || !health.journal;
  if (strip.hidden) return;
  const failing = new Set(health.failing || []);
  const chips = [];
  const journal = health.journal;
  chips.push(serviceChip("Journal", journal.state, !failing.has("journal"),
    [journal.cause, since("since", journal.since)]));
  const qbittorrent = health.qbittorrent;
  if (qbittorrent && qbittorrent.state !== "not_used") {
    chips.push(serviceChip("qBittorrent", qbittorrent.state, !failing.has("qbittorrent"),
      [qbittorrent.version, since("last success", qbittorrent.last_success), qbittorrent.state !== "ok" && qbittorrent.error]));
  }
  for (const account of health.filelist || []) {
    chips.push(serviceChip(`FileList ${account.username}`, account.state, !failing.has(`filelist:${account.username}`),
      [`${account.requests_left} / ${account.requests_per_hour} requests left this hour`]));
  }
  const letterboxd = health.letterboxd;
  if (letterboxd && letterboxd.state !== "not_used") {
    chips.push(serviceChip("Letterboxd", letterboxd.state, !failing.has("letterboxd"),
      [since("last read", letterboxd.last_read), since("last error", letterboxd.last_error_at), letterboxd.last_error]));
  }
  strip.replaceChildren(...chips);
}

// /healthz answers 503 when a part fails: its body is what the strip shows all the same.
async function health() {
  try {
    const response = await fetch("/healthz", { credentials: "same-origin", headers: { Accept: "application/json" } });
    return await response.json();
  } catch {
    return null;
  }
}

function tick() {
  for (const node of document.querySelectorAll("[data-deadline]")) {
    const iso = node.getAttribute("data-deadline");
    if (iso) node.textContent = countdown(iso);
  }
  for (const node of document.querySelectorAll("[data-since]")) {
    node.textContent = ago(node.getAttribute("data-since"));
  }
}

// ---- data -----------------------------------------------------------------------------------------------------------

async function refresh() {
  if (refreshing) return refreshing;
  refreshing = (async () => {
    try {
      const services = health();
      const channels = notifications();
      const [status, movies] = await Promise.all([api("/api/status"), api("/api/movies")]);
      view.movies = movies;
      view.refreshedAt = Date.now();
      renderCounts(status);
      renderAccounts(status.accounts);
      renderServices(await services);
      renderNotifications(await channels);
      renderBoard();
      renderTimelineHeader();
      showNotice("");
    } catch (error) {
      setLive("offline", "host unreachable");
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

function refreshSoon() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(refresh, 200);
}

function setLive(mode, text) {
  const live = document.getElementById("live");
  live.setAttribute("data-mode", mode);
  document.getElementById("live-text").textContent = text;
}

function listen() {
  if (!window.EventSource) { setLive("polling", "refreshing every 2 s"); return; }
  const source = new EventSource("/api/events");
  source.onopen = () => { view.live = true; setLive("live", "live"); refreshSoon(); };
  source.onerror = () => { view.live = false; setLive("polling", "reconnecting…"); };
  source.onmessage = message => {
    let entry = null;
    try { entry = JSON.parse(message.data); } catch { return; }
    refreshSoon();
    if (view.selected && entry && entry.persistence_id === `movie-${view.selected}`) openTimeline(view.selected, true);
  };
}

// Progress is not an event, nor is waiting (for the FileList budget, disk space, the download window): while something
// downloads or waits (or the live stream is down) the board is fetched every 2 s, otherwise every 15 s.
function poll() {
  const moving = view.movies.some(m => m.state === "downloading" || m.state === "waiting");
  if (moving || !view.live || Date.now() - view.refreshedAt > 15000) refresh();
}

// ---- commands ---------------------------------------------------------------------------------------------------

async function command(movie, verb, button) {
  if (button) button.disabled = true;
  try {
    const reply = await api(`/api/movies/${encodeURIComponent(movie.id)}/${verb}`, { method: "POST" });
    toast(reply.message, !reply.accepted);
    if (reply.accepted) {
      // The coordinator has recorded it: show it now, the live stream confirms it a moment later.
      const known = view.movies.find(m => m.id === movie.id);
      const now = new Date().toISOString();
      if (known && verb === "retry") Object.assign(known, { state: "pending", retries: 0, next_retry_at: null, updated_at: now });
      // First in line until its attempt ends; the retry count carries on.
      if (known && verb === "grab") {
        const was = known.queue_position || Infinity;
        for (const other of view.movies) if (other.queue_position && other.queue_position < was) other.queue_position++;
        Object.assign(known, { state: "pending", grab_now: true, next_retry_at: null, queue_position: 1, updated_at: now });
      }
      if (known && verb === "skip") Object.assign(known, { state: "skipped", grab_now: false, queue_position: null, next_retry_at: null, updated_at: now });
      if (known && verb.startsWith("priority?")) known.priority = new URLSearchParams(verb.split("?")[1]).get("value");
      if (verb === "forget") view.movies = view.movies.filter(m => m.id !== movie.id);
      renderBoard();
      refresh();
    }
  } catch (error) {
    toast(`${movie.title || movie.id}: ${error.message}`, true);
  } finally {
    if (button) button.disabled = false;
    refreshSoon();
  }
}

function forget(movie, button) {
  if ((view.confirmingForget.get(movie.id) || 0) > Date.now()) {
    view.confirmingForget.delete(movie.id);
    command(movie, "forget", button);
    return;
  }
  view.confirmingForget.set(movie.id, Date.now() + 4000);
  renderBoard();
  setTimeout(renderBoard, 4100);
}

// ---- timeline ---------------------------------------------------------------------------------------------------

const EVENT_KIND = {
  "movie-completed": "good", "torrent-added": "info", "attempt-failed": "warn", "movie-failed-permanently": "bad",
  "movie-forgotten": "bad", "retry-requested": "info", "movie-queued": "info", "download-progressed": "info",
  "grab-requested": "info", "priority-changed": "info", "movie-skipped": "skip",
};
// Where the event's name alone reads badly.
const EVENT_TITLES = { "grab-requested": "Grab now requested", "movie-skipped": "Skipped" };
// Shown elsewhere in the entry (the error on a line of its own), or the same for every entry of the movie.
const HIDDEN_FIELDS = new Set(["at", "event", "sequence_nr", "movie_id", "error"]);

function describeField(key, value) {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}T/.test(value)) return `${key.replace(/_/g, " ")}: ${localTime(value)}`;
  return `${key.replace(/_/g, " ")}: ${typeof value === "object" ? JSON.stringify(value) : value}`;
}

function timelineEntry(entry) {
  const fields = Object.entries(entry).filter(([k]) => !HIDDEN_FIELDS.has(k))
    .map(([k, v]) => describeField(k, v)).filter(Boolean).join(" · ");
  return el("li", { "data-kind": EVENT_KIND[entry.event] || "", "data-event": entry.event },
    el("div", { class: "name" }, EVENT_TITLES[entry.event] || eventTitle(entry.event)),
    el("div", { class: "when", title: localTime(entry.at) }, `${localTime(entry.at)} · #${entry.sequence_nr}`),
    fields ? el("div", { class: "fields" }, fields) : null,
    entry.error ? el("div", { class: "error" }, entry.error) : null);
}

async function openTimeline(id, quietly) {
  view.selected = id;
  const movie = view.movies.find(m => m.id === id);
  const panel = document.getElementById("timeline");
  document.querySelector(".layout").classList.add("with-timeline");
  panel.hidden = false;
  renderTimelineHeader();
  if (!quietly) renderBoard();
  const list = document.getElementById("timeline-events");
  try {
    const events = await api(`/api/movies/${encodeURIComponent(id)}/history`);
    if (view.selected !== id) return;
    list.replaceChildren(...events.slice().reverse().map(timelineEntry));
  } catch (error) {
    list.replaceChildren(el("li", { "data-kind": "bad" }, error.message));
  }
}

function renderTimelineHeader() {
  const id = view.selected;
  if (!id) return;
  const movie = view.movies.find(m => m.id === id);
  document.getElementById("timeline-title").textContent = movie ? `${movie.title}${movie.year ? ` (${movie.year})` : ""}` : id;
  document.getElementById("timeline-subtitle").textContent = movie
    ? `${id} · ${movie.state.replace(/_/g, " ")}${movie.priority && movie.priority !== "normal" ? ` · ${movie.priority} priority` : ""}`
    : `${id} · no longer tracked`;
}

function closeTimeline() {
  view.selected = null;
  document.getElementById("timeline").hidden = true;
  document.querySelector(".layout").classList.remove("with-timeline");
  renderBoard();
}

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("timeline-close").addEventListener("click", closeTimeline);
  document.addEventListener("keydown", event => { if (event.key === "Escape" && view.selected) closeTimeline(); });
  refresh();
  listen();
  setInterval(tick, 1000);
  setInterval(poll, 2000);
});
