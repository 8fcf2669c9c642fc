// MovieSync dashboard: the Notifications panel, from GET /api/notifications (uses el, shortTime and since of dashboard.js).
"use strict";

const CHANNEL_STATES = { ok: "ok", retrying: "last try failed", refusing: "refusing", not_answering: "not answering" };

function deliveryEntry(delivery) {
  const givenUp = delivery.outcome === "given_up";
  return el("li", { class: givenUp ? "delivery given-up" : "delivery", "data-delivery-id": delivery.delivery_id, "data-event": delivery.event },
    el("span", { class: "when", title: localTime(delivery.at) }, shortTime(delivery.at)),
    el("span", { class: `kind ${delivery.event}` }, delivery.event.replace("_", " ")),
    el("span", { class: "headline" }, delivery.title),
    givenUp ? el("span", { class: "given-up-note" }, `given up${delivery.reason ? `: ${delivery.reason}` : ""}`) : null,
    el("span", { class: "delivery-id", title: `delivery id ${delivery.delivery_id}` }, delivery.delivery_id.slice(0, 8)));
}

// "webhook https://example.org/hook" beside its type's pill reads "https://example.org/hook".
function withoutType(channel) {
  return channel.name.startsWith(`${channel.type} `) ? channel.name.slice(channel.type.length + 1) : channel.name;
}

function channelRow(channel) {
  const state = el("div", { class: `channel-state ${channel.failing ? "failing" : "healthy"}` },
    channel.failing ? el("span", { class: "failing-mark", "aria-label": "failing" }, "⚠ ") : null,
    CHANNEL_STATES[channel.state] || channel.state);
  const details = [
    channel.last_error ? el("div", { class: "error" }, channel.last_error) : null,
    channel.last_error_at ? el("div", { class: "muted small" }, since("failed", channel.last_error_at)) : null,
    channel.given_up > 0 ? el("div", { class: "muted small" }, `${channel.given_up} given up`) : null,
  ];
  const recent = channel.recent && channel.recent.length > 0
    ? el("ol", { class: "deliveries" }, channel.recent.map(deliveryEntry))
    : el("span", { class: "muted small" }, "nothing delivered yet");
  return el("tr", { "data-channel": channel.key, "data-state": channel.state, "data-failing": String(channel.failing) },
    el("td", { class: "channel" },
      el("div", { class: "title-line" }, el("span", { class: "pill queue" }, channel.type),
        el("span", { class: "channel-name", title: channel.name }, withoutType(channel))),
      el("div", { class: "muted small" }, channel.events.join(", "))),
    el("td", { class: "channel-health" }, state, ...details),
    el("td", { class: "num waiting" }, channel.waiting),
    el("td", { class: "num delivered" }, channel.delivered),
    el("td", { class: "recent" }, recent));
}

function renderNotifications(channels) {
  if (!Array.isArray(channels)) return;
  const panel = document.getElementById("notifications");
  panel.hidden = false;
  const failing = channels.filter(c => c.failing).length;
  const summary = document.getElementById("notifications-summary");
  summary.textContent = channels.length === 0 ? "" : failing > 0 ? `${failing} failing` : "all delivering";
  summary.className = failing > 0 ? "badge failing" : "badge";
  summary.hidden = channels.length === 0;
  const body = document.getElementById("notifications-body");
  if (channels.length === 0) {
    body.replaceChildren(el("p", { class: "none" },
      "No notification channel. Add one to \"notifications\" in config.json (webhook, ntfy, Telegram, Discord or email; see the README's ",
      el("em", {}, "Notifications"), "), restart, and try it with ", el("code", {}, "moviesync notify test"), "."));
    return;
  }
  body.replaceChildren(el("table", {},
    el("thead", {}, el("tr", {}, ["Channel", "State", "Waiting", "Delivered", "Last deliveries"].map(h => el("th", {}, h)))),
    el("tbody", {}, channels.map(channelRow))));
}

// GET /api/notifications; undefined (the panel stays as it was) when the host does not answer.
async function notifications() {
  try {
    return await api("/api/notifications");
  } catch {
    return undefined;
  }
}
