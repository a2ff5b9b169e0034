// Loaded first in <body>, before any content paints: tells GOV.UK Frontend's CSS that
// JavaScript is available (the design system's `js-enabled` / `govuk-frontend-supported`
// classes), without an inline script so the Content-Security-Policy can forbid them.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
