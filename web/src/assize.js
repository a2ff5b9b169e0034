// Progressive enhancement for Assize pages. Every page works without this file; with it:
//  - GOV.UK and MoJ Frontend components are initialised;
//  - the session-expiry warning appears before the idle timeout, with "Stay signed in";
//  - pages that declare `data-live-url` listen to Server-Sent Events and refresh their
//    `[data-live-region]` parts in place (no reload, focus and scroll kept), announcing the change;
//  - modules for particular pages (resulting drafts, result-code suggestions) hook in below.
import { initAll as govukInitAll } from "./govuk-frontend.min.js";
import { initAll as mojInitAll } from "./moj-frontend.min.js";
import "./resulting.js";
import "./intake.js";

govukInitAll();
mojInitAll();

const body = document.body;

// --- Session expiry warning ------------------------------------------------------------------
(function sessionWarning() {
  const idle = Number(body.dataset.idleSecs || 0);
  const banner = document.getElementById("session-warning");
  if (!idle || !banner) return;
  const warnBefore = Math.min(120, Math.floor(idle / 4));
  let warnTimer;
  let endTimer;
  const arm = () => {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    banner.hidden = true;
    warnTimer = setTimeout(() => {
      const minutes = document.getElementById("session-warning-minutes");
      if (minutes) minutes.textContent = `${Math.ceil(warnBefore / 60)} minute${warnBefore > 60 ? "s" : ""}`;
      banner.hidden = false;
      const button = document.getElementById("session-keep-alive");
      if (button) button.focus();
    }, (idle - warnBefore) * 1000);
    endTimer = setTimeout(() => {
      window.location.assign(`/sign-in?expired=1&next=${encodeURIComponent(location.pathname)}`);
    }, idle * 1000);
  };
  const button = document.getElementById("session-keep-alive");
  if (button) {
    button.addEventListener("click", async () => {
      const r = await fetch("/session/keep-alive", { credentials: "same-origin" });
      if (r.ok) arm();
      else window.location.assign("/sign-in?expired=1");
    });
  }
  // Any request to the server (autosave, live refresh) extends the session too.
  document.addEventListener("assize:server-contact", arm);
  arm();
})();

// --- Live updates ----------------------------------------------------------------------------
/** Replace each `[data-live-region]` with the same region of a freshly fetched copy of the page. */
async function refreshRegions(reason) {
  // A form page (resulting) has no live regions: it only says that the case changed, so nothing
  // the user has typed is ever replaced.
  if (!document.querySelector("[data-live-region]")) {
    const banner = document.getElementById("live-banner");
    const text = document.getElementById("live-banner-text");
    if (banner) {
      if (text && reason) text.textContent = `Someone else has changed this case since you opened this page. ${reason}`;
      banner.hidden = false;
    }
    return;
  }
  const response = await fetch(location.href, {
    credentials: "same-origin",
    headers: { "X-Assize-Live": "1" },
  });
  document.dispatchEvent(new Event("assize:server-contact"));
  if (!response.ok) return;
  const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
  let changed = false;
  for (const region of document.querySelectorAll("[data-live-region]")) {
    const name = region.dataset.liveRegion;
    const replacement = fresh.querySelector(`[data-live-region="${name}"]`);
    if (!replacement || replacement.innerHTML === region.innerHTML) continue;
    // Keep the keyboard where it was: remember the focused element by id.
    const focusedId = region.contains(document.activeElement) ? document.activeElement.id : null;
    region.innerHTML = replacement.innerHTML;
    region.classList.remove("app-changed");
    void region.offsetWidth;
    region.classList.add("app-changed");
    if (focusedId) document.getElementById(focusedId)?.focus();
    changed = true;
  }
  const banner = document.getElementById("live-banner");
  const text = document.getElementById("live-banner-text");
  if (changed && banner) {
    if (text && reason) text.textContent = reason;
    banner.hidden = false;
  }
  document.dispatchEvent(new CustomEvent("assize:live-refreshed", { detail: { changed } }));
}

(function live() {
  const url = body.dataset.liveUrl;
  if (!url || !("EventSource" in window)) return;
  // The browser resends Last-Event-ID itself when it reconnects, so nothing is missed.
  const source = new EventSource(url, { withCredentials: true });
  let pending;
  const schedule = (reason) => {
    clearTimeout(pending);
    pending = setTimeout(() => refreshRegions(reason), 100);
  };
  source.addEventListener("case_changed", (e) => {
    let what = "This page has been updated with a change made by someone else.";
    try {
      const data = JSON.parse(e.data);
      if (data.type) what = `Updated: ${data.type.replaceAll("_", " ")}.`;
    } catch (_) {
      /* keep the general message */
    }
    schedule(what);
  });
  source.addEventListener("resync", () => schedule("This page has been brought up to date."));
  // Public court lists: the stream names no case, it only says the list may have changed.
  source.addEventListener("list_changed", () => schedule("The list has been updated."));
  window.assizeLive = source;
})();

export { refreshRegions };
