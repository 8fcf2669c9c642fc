// MovieSync dashboard: plain JS, same-origin fetches only, text always set through textContent (never HTML).
"use strict";

const GROUPS = [
  { state: "downloading", title: "Downloading", columns: ["movie", "progress", "speed", "eta"] },
  { state: "pending", title: "Pending", columns: ["movie", "retries", "updated", "last_error", "actions"] },
  { state: "failed", title: "Failed, waiting to retry", columns: ["movie", "retries", "next_retry", "last_error", "actions"] },
  { state: "permanent_failure", title: "Permanent failures", columns: ["movie", "retries", "last_error", "actions"] },
  { state: "completed", title: "Completed", columns: ["movie", "torrent", "completed"] },
];
const HEADINGS = {
  movie: "Movie", torrent: "Torrent", progress: "Progress", speed: "Speed", eta: "ETA", retries: "Retries",
  updated: "Since", completed: "Completed", next_retry: "Next retry", last_error: "Last error", actions: "",
};
const COUNT_KEYS = ["pending", "failed", "permanent_failures", "downloading", "completed", "total"];

const view = { movies: [], selected: null, confirmingForget: new Map(), live: false };
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
        el("div", { class: "movie-id" }, movie.id));
    case "torrent":
      // A completed film without a torrent was found in the download directory.
      return el("td", { class: "torrent" }, movie.torrent_name || (movie.state === "completed" ? "already on disk" : "–"));
    case "progress": {
      const fraction = movie.progress === null || movie.progress === undefined ? null : Math.min(1, Math.max(0, movie.progress));
      const bar = el("span");
      bar.style.width = `${((fraction || 0) * 100).toFixed(1)}%`;
      return el("td", { class: "progress-cell" }, el("div", { class: "progress", role: "progressbar", "aria-valuemin": 0, "aria-valuemax": 100,
          "aria-valuenow": fraction === null ? null : Math.round(fraction * 100), "aria-label": `${movie.title} downloaded` },
        el("div", { class: "bar" }, bar), el("span", { class: "pct" }, fraction === null ? "…" : `${(fraction * 100).toFixed(1)}%`)),
        movie.torrent_name ? el("div", { class: "torrent-name", title: movie.torrent_name }, movie.torrent_name) : null);
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
    case "next_retry":
      return el("td", { class: "num", "data-deadline": movie.next_retry_at, title: localTime(movie.next_retry_at) },
        movie.next_retry_at ? countdown(movie.next_retry_at) : "–");
    case "last_error":
      return el("td", { class: "error-cell" }, movie.last_error ? el("div", { class: "error", title: movie.last_error }, movie.last_error) : null);
    case "actions":
      return el("td", { class: "actions" }, actionsOf(movie));
    default:
      return el("td");
  }
}

function actionsOf(movie) {
  const buttons = [];
  if (movie.state === "failed" || movie.state === "permanent_failure") {
    buttons.push(el("button", { class: "action retry", type: "button", title: "Back to pending with a fresh retry count",
      onclick: event => command(movie, "retry", event.currentTarget) }, "Retry"));
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
    const movies = view.movies.filter(m => m.state === group.state);
    if (movies.length === 0) continue;
    const head = el("tr", {}, group.columns.map(c => el("th", { class: c === "actions" ? "actions" : null }, HEADINGS[c])));
    const rows = movies.map(movie => el("tr", { "data-movie-id": movie.id, class: movie.id === view.selected ? "selected" : null },
      group.columns.map(c => cell(c, movie))));
    sections.push(el("section", { class: "group", id: `section-${group.state}`, "data-state": group.state },
      el("header", {}, el("span", { class: `pill ${group.state}` }, group.title), el("span", { class: "badge" }, movies.length)),
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
      const [status, movies] = await Promise.all([api("/api/status"), api("/api/movies")]);
      view.movies = movies;
      renderCounts(status);
      renderAccounts(status.accounts);
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

// Progress is not an event: while something downloads (or the live stream is down) the board is fetched every 2 s.
function poll() {
  const downloading = view.movies.some(m => m.state === "downloading");
  if (downloading || !view.live) refresh();
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
      if (known && verb === "retry") Object.assign(known, { state: "pending", retries: 0, next_retry_at: null, updated_at: new Date().toISOString() });
      if (verb === "forget") view.movies = view.movies.filter(m => m.id !== movie.id);
      renderBoard();
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
};
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
    el("div", { class: "name" }, eventTitle(entry.event)),
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
  document.getElementById("timeline-subtitle").textContent = movie ? `${id} · ${movie.state.replace(/_/g, " ")}` : `${id} · no longer tracked`;
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
