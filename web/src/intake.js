// The case intake form, enhanced: each CJS offence-code input suggests offences from the
// reference data as you type (see combobox.js). Without JavaScript the code is typed and checked
// by the server with the same rules as the API.
import { codeCombobox, liveRegion } from "./combobox.js";

const OFFENCE_CODES = {
  noun: "offence codes",
  url: (q) => `/api/v1/reference/offences?q=${encodeURIComponent(q)}&limit=10`,
  describe: (item) => item.title,
};

const form = document.getElementById("intake-form");
if (form) {
  const announce = liveRegion();
  for (const input of form.querySelectorAll('input[type="text"][name*="-o"][name$="-code"]')) {
    codeCombobox(input, announce, OFFENCE_CODES);
  }
}
