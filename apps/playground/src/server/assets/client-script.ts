/**
 * The only client script: counts down `[data-expires-at]` elements and appends live audit
 * events to `#event-log`. It writes text with `textContent` only, never HTML.
 */
export const CLIENT_SCRIPT = `"use strict";
(() => {
  const pad = (n) => String(n).padStart(2, "0");
  const duration = (ms) => {
    if (ms <= 0) return "expired";
    const t = Math.floor(ms / 1000), h = Math.floor(t / 3600), m = Math.floor((t % 3600) / 60), s = t % 60;
    if (h > 0) return h + "h " + pad(m) + "m " + pad(s) + "s";
    if (m > 0) return m + "m " + pad(s) + "s";
    return s + "s";
  };
  const tick = () => {
    for (const el of document.querySelectorAll("[data-expires-at]")) {
      el.textContent = duration(Number(el.dataset.expiresAt) - Date.now());
    }
  };
  tick();
  setInterval(tick, 1000);

  const log = document.getElementById("event-log");
  if (!log || !window.EventSource) return;
  const source = new EventSource("/events/stream");
  source.addEventListener("session", (message) => {
    const entry = JSON.parse(message.data);
    const item = document.createElement("li");
    const time = document.createElement("time");
    time.textContent = new Date(entry.at).toISOString().slice(11, 19);
    const type = document.createElement("b");
    type.className = "ev-" + entry.type;
    type.textContent = entry.type;
    item.append(time, " ", type, " ");
    if (entry.handle) {
      const handle = document.createElement("code");
      handle.textContent = entry.handle;
      item.append(handle, " ");
    }
    item.append(entry.detail);
    item.classList.add("fresh");
    log.prepend(item);
    while (log.children.length > 100) log.lastElementChild.remove();
  });
})();
`;
