// An accessible code look-up (ARIA 1.2 combobox pattern) shared by the resulting screen (CJS
// result codes) and the case intake form (CJS offence codes). Progressive enhancement only.

/** A polite live region for announcing suggestion counts (one per page). */
export function liveRegion() {
  const existing = document.getElementById("code-announcer");
  if (existing) return (text) => { existing.textContent = text; };
  const el = document.createElement("div");
  el.className = "govuk-visually-hidden";
  el.setAttribute("aria-live", "polite");
  el.id = "code-announcer";
  document.body.appendChild(el);
  return (text) => {
    el.textContent = text;
  };
}

/**
 * Turn a text input into an ARIA 1.2 combobox suggesting codes from a JSON look-up as you type.
 * `lookup.url(q)` gives the address, `lookup.describe(item)` an item's words, `lookup.noun` the
 * plural announced ("result codes"). Arrows move, Enter picks (never submits), Escape closes.
 * The input stays a plain text field: the server validates whatever is typed.
 */
export function codeCombobox(input, announce, lookup) {
  const listId = `${input.id}-listbox`;
  const label = document.getElementById(`${input.id}-label`);
  const list = document.createElement("ul");
  list.id = listId;
  list.className = "app-combobox__listbox";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", `Suggested ${lookup.noun}`);
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
    if (label) label.textContent = lookup.describe(item);
    close();
    announce(`${item.code} ${lookup.describe(item)} chosen`);
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
        li.textContent = `${item.code} ${lookup.describe(item)}`;
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
      const r = await fetch(lookup.url(q), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      if (mine !== seq || !r.ok) return;
      items = await r.json();
    } catch (_) {
      return; // Suggestions are a help only: the server checks the code.
    }
    if (mine !== seq || document.activeElement !== input) return;
    render();
    announce(
      items.length === 0
        ? `No matching ${lookup.noun}`
        : `${items.length} ${items.length === 1 ? lookup.noun.replace(/s$/, "") : lookup.noun} found. Use the up and down arrows to choose, Enter to pick.`,
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
