// The browser of a test run and the people (browser contexts) a test opens: one Chromium for
// the whole run, a fresh context per person, all of a test's contexts closed after it.
import { after, before } from "node:test";

import { launch, newPerson, writeAxeReport } from "./helpers.mjs";

let browser;
/** Contexts opened by the running test, closed after it whatever happens. */
const open = [];

/** A new person: their own browser context (cookies) and page. */
export async function person() {
  const p = await newPerson(browser);
  open.push(p.context);
  return p;
}

/** Close every context the running test opened (use with `t.after(closeAll)`). */
export async function closeAll() {
  while (open.length) await open.pop().close();
}

before(async () => {
  browser = await launch();
});

after(async () => {
  writeAxeReport();
  await browser?.close();
});
