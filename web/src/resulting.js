// The hearing resulting page, enhanced. The page works without this file (typed codes are checked
// by the server; "Save draft" buttons keep the draft); with it:
//  - the whole form is saved as a server-side draft ~800 ms after any change, and once more when
//    the tab is hidden or closed, with "Draft saved at HH:MM" announced politely — focus and
//    scroll are never touched;
//  - each CJS result-code input becomes an ARIA 1.2 combobox suggesting codes from the reference
//    data as you type (arrows to move, Enter to pick, Escape to close), announcing the count.

const form = document.getElementById("result-form");
const draftUrl = form?.dataset.draftUrl;

if (form && draftUrl) {
  autosave(form, draftUrl);
  const announcer = liveRegion();
  for (const input of form.querySelectorAll("input[data-result-code]")) {
    resultCodeCombobox(input, announcer);
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
function liveRegion() {
  const el = document.createElement("div");
  el.className = "govuk-visually-hidden";
  el.setAttribute("aria-live", "polite");
  el.id = "result-code-announcer";
  document.body.appendChild(el);
  return (text) => {
    el.textContent = text;
  };
}

function resultCodeCombobox(input, announce) {
  const listId = `${input.id}-listbox`;
  const label = document.getElementById(`${input.id}-label`);
  const list = document.createElement("ul");
  list.id = listId;
  list.className = "app-combobox__listbox";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Suggested result codes");
  list.hidden = true;
  input.insertAdjacentElement("afterend", list);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listId);

  let items = [];
  let active = -1;
  let timer;
  let seq = 0;

  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const highlight = (i) => {
    const options = list.querySelectorAll("[role=option]");
    options.forEach((o, n) => {
      o.setAttribute("aria-selected", n === i ? "true" : "false");
      o.classList.toggle("app-combobox__option--active", n === i);
    });
    active = i;
    if (i >= 0 && options[i]) {
      input.setAttribute("aria-activedescendant", options[i].id);
      options[i].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  };
  const pick = (i) => {
    const item = items[i];
    if (!item) return;
    input.value = item.code;
    if (label) label.textContent = item.description;
    close();
    announce(`${item.code} ${item.description} chosen`);
    // "change", not "input": it saves the draft without searching again.
    input.dispatchEvent(new Event("change", { bubbles: true }));
  };
  const render = () => {
    list.replaceChildren(
      ...items.map((item, n) => {
        const li = document.createElement("li");
        li.id = `${listId}-${n}`;
        li.className = "app-combobox__option";
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.textContent = `${item.code} ${item.description}`;
        // mousedown, so the input keeps focus.
        li.addEventListener("mousedown", (e) => {
          e.preventDefault();
          pick(n);
        });
        return li;
      }),
    );
    list.hidden = items.length === 0;
    input.setAttribute("aria-expanded", items.length ? "true" : "false");
    active = -1;
    input.removeAttribute("aria-activedescendant");
  };
  async function search() {
    const q = input.value.trim();
    if (!q) {
      items = [];
      close();
      return;
    }
    const mine = ++seq;
    try {
      const r = await fetch(`/api/v1/reference/results?q=${encodeURIComponent(q)}&limit=10`, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      if (mine !== seq || !r.ok) return;
      items = await r.json();
    } catch (_) {
      return; // Suggestions are a help only: the server checks the code when sharing.
    }
    if (mine !== seq || document.activeElement !== input) return;
    render();
    announce(
      items.length === 0
        ? "No matching result codes"
        : `${items.length} result code${items.length === 1 ? "" : "s"} found. Use the up and down arrows to choose, Enter to pick.`,
    );
  }

  input.addEventListener("input", () => {
    if (label) label.textContent = "";
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  });
  input.addEventListener("keydown", (e) => {
    const open = !list.hidden;
    if (e.key === "ArrowDown") {
      e.preventDefault();
      if (!open && items.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
      if (items.length) highlight(Math.min(active + 1, items.length - 1));
    } else if (e.key === "ArrowUp") {
      if (!open) return;
      e.preventDefault();
      highlight(Math.max(active - 1, 0));
    } else if (e.key === "Enter") {
      // Picking a suggestion must never submit the form.
      if (open && active >= 0) {
        e.preventDefault();
        pick(active);
      }
    } else if (e.key === "Escape") {
      if (open) {
        e.preventDefault();
        close();
      }
    } else if (e.key === "Tab") {
      close();
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
}
