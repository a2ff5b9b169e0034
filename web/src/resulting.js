// The hearing resulting page, enhanced. The page works without this file (typed codes are checked
// by the server; "Save draft" buttons keep the draft); with it:
//  - the whole form is saved as a server-side draft ~800 ms after any change, and once more when
//    the tab is hidden or closed, with "Draft saved at HH:MM" announced politely — focus and
//    scroll are never touched;
//  - each CJS result-code input becomes an ARIA 1.2 combobox suggesting codes from the reference
//    data as you type (arrows to move, Enter to pick, Escape to close), announcing the count.

import { codeCombobox, liveRegion } from "./combobox.js";

/** CJS result codes from the reference data. */
const RESULT_CODES = {
  noun: "result codes",
  url: (q) => `/api/v1/reference/results?q=${encodeURIComponent(q)}&limit=10`,
  describe: (item) => item.description,
};

const form = document.getElementById("result-form");
const draftUrl = form?.dataset.draftUrl;

if (form && draftUrl) {
  autosave(form, draftUrl);
  const announcer = liveRegion();
  for (const input of form.querySelectorAll("input[data-result-code]")) {
    codeCombobox(input, announcer, RESULT_CODES);
  }
}

function hhmm(d = new Date()) {
  return d.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "Europe/London" });
}

// --- Draft autosave --------------------------------------------------------------------------
function autosave(form, url) {
  const status = document.getElementById("draft-status");
  const say = (text) => {
    if (status) status.textContent = text;
  };
  let timer;
  let dirty = false;
  let inFlight = null;
  const body = () => new URLSearchParams(new FormData(form));

  async function save() {
    if (inFlight) {
      // One save at a time; the latest typing is saved straight after.
      await inFlight;
    }
    if (!dirty) return;
    dirty = false;
    inFlight = fetch(url, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: { "X-Assize-Autosave": "1" },
      body: body(),
    })
      .then((r) => {
        document.dispatchEvent(new Event("assize:server-contact"));
        if (r.status === 204) {
          say(`Draft saved at ${hhmm()}`);
        } else if (r.type === "opaqueredirect" || r.status === 401) {
          dirty = true;
          say("Draft not saved: you have been signed out. Sign in again; what you typed is still on this page.");
        } else {
          dirty = true;
          say(`Draft not saved at ${hhmm()}. Use "Save draft" to try again; what you typed is still on this page.`);
        }
      })
      .catch(() => {
        dirty = true;
        say(`Draft not saved at ${hhmm()}: no connection. What you typed is still on this page.`);
      })
      .finally(() => {
        inFlight = null;
      });
    await inFlight;
  }

  const changed = (e) => {
    if (e.target?.name === "csrf") return;
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(save, 800);
  };
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  // A closed or hidden tab: hand the last changes to the browser to deliver.
  const flush = () => {
    if (!dirty || !navigator.sendBeacon) return;
    if (navigator.sendBeacon(url, body())) dirty = false;
  };
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") flush();
  });
  window.addEventListener("pagehide", flush);
  // Sharing or "Save draft" sends the form itself: no background save should race it.
  form.addEventListener("submit", () => {
    clearTimeout(timer);
    dirty = false;
  });
}

// --- Result-code suggestions -----------------------------------------------------------------
