/**
 * Styles for the element's shadow root. Every colour, the font, the radius and the spacing
 * come from `--zsd-*` custom properties, which a page can set on the element to theme it.
 * Light values are the default. `theme="dark"` switches to dark ones, and `theme="auto"`
 * (the default when the attribute is absent) follows `prefers-color-scheme`.
 */

const LIGHT = `
  --zsd-background: #ffffff;
  --zsd-surface: #f4f6f9;
  --zsd-text: #1b1f24;
  --zsd-muted: #4a5563;
  --zsd-border: #b9c1cc;
  --zsd-accent: #0b5cad;
  --zsd-accent-text: #ffffff;
  --zsd-danger: #a8231b;
  --zsd-warning: #7a4a00;
  --zsd-success: #1c6631;
  --zsd-focus: #0b5cad;
  --zsd-code-background: #eceff3;
`;

const DARK = `
  --zsd-background: #15181d;
  --zsd-surface: #1e232a;
  --zsd-text: #e8ecf1;
  --zsd-muted: #aab4c2;
  --zsd-border: #4a5563;
  --zsd-accent: #7dbdff;
  --zsd-accent-text: #0b1622;
  --zsd-danger: #ff9a90;
  --zsd-warning: #f3c46f;
  --zsd-success: #86dda0;
  --zsd-focus: #7dbdff;
  --zsd-code-background: #252c35;
`;

/** The stylesheet text placed in a `<style>` element of the shadow root. */
export const STYLES = `
:host {
  ${LIGHT}
  --zsd-font: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  --zsd-mono: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
  --zsd-radius: 6px;
  --zsd-gap: 0.75rem;
  display: block;
  min-width: 0;
  color: var(--zsd-text);
  background: var(--zsd-background);
  font-family: var(--zsd-font);
  font-size: 1rem;
  line-height: 1.45;
  /* Zoom paths, scopes and tracking IDs are long unbroken words that must wrap at 320 px. */
  overflow-wrap: anywhere;
  border: 1px solid var(--zsd-border);
  border-radius: var(--zsd-radius);
  padding: var(--zsd-gap);
  box-sizing: border-box;
}
:host([theme="dark"]) { ${DARK} }
@media (prefers-color-scheme: dark) {
  :host(:not([theme="light"])) { ${DARK} }
}
:host([hidden]) { display: none; }
[hidden] { display: none !important; }
*, *::before, *::after { box-sizing: border-box; }

h2 { font-size: 1.2rem; margin: 0 0 0.25rem; }
h3 { font-size: 1rem; margin: var(--zsd-gap) 0 0.35rem; }
p { margin: 0 0 0.5rem; }
.lead, .hint { color: var(--zsd-muted); }
.hint { font-size: 0.9rem; }

.examples { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem; margin: var(--zsd-gap) 0; }
.examples-label { font-weight: 600; }

[role="tablist"] {
  display: flex;
  flex-wrap: wrap;
  gap: 0.25rem;
  border-bottom: 1px solid var(--zsd-border);
  margin-bottom: var(--zsd-gap);
}
[role="tab"] {
  font: inherit;
  color: var(--zsd-text);
  background: transparent;
  border: 1px solid transparent;
  border-bottom: 3px solid transparent;
  border-radius: var(--zsd-radius) var(--zsd-radius) 0 0;
  padding: 0.4rem 0.7rem;
  cursor: pointer;
}
[role="tab"][aria-selected="true"] {
  border-color: var(--zsd-border);
  border-bottom-color: var(--zsd-accent);
  background: var(--zsd-surface);
  font-weight: 600;
}

/* Side by side when the element is wide, so that the result stays next to its form. */
.widget { container-type: inline-size; }
@container (min-width: 44rem) {
  [role="tabpanel"] { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: var(--zsd-gap); align-items: start; }
  [role="tabpanel"] > .hint { grid-column: 1 / -1; }
  [role="tabpanel"] > .result { margin-top: 0; }
}
form { display: grid; gap: var(--zsd-gap); }
fieldset { border: 1px solid var(--zsd-border); border-radius: var(--zsd-radius); padding: var(--zsd-gap); margin: 0; display: grid; gap: var(--zsd-gap); min-width: 0; }
legend { font-weight: 600; padding: 0 0.25rem; }
.field { display: grid; gap: 0.25rem; min-width: 0; }
.field label { font-weight: 600; font-size: 0.95rem; }
.columns { display: grid; gap: var(--zsd-gap); grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); align-items: start; }
input, textarea, select {
  font: inherit;
  width: 100%;
  min-width: 0;
  color: var(--zsd-text);
  background: var(--zsd-background);
  border: 1px solid var(--zsd-border);
  border-radius: var(--zsd-radius);
  padding: 0.4rem 0.5rem;
}
textarea { font-family: var(--zsd-mono); font-size: 0.85rem; resize: vertical; }

button {
  font: inherit;
  border-radius: var(--zsd-radius);
  padding: 0.4rem 0.8rem;
  cursor: pointer;
  color: var(--zsd-text);
  background: var(--zsd-surface);
  border: 1px solid var(--zsd-border);
}
button.primary { color: var(--zsd-accent-text); background: var(--zsd-accent); border-color: var(--zsd-accent); font-weight: 600; justify-self: start; }
button[aria-busy="true"] { opacity: 0.7; cursor: progress; }
:focus-visible { outline: 3px solid var(--zsd-focus); outline-offset: 2px; }

.result { margin-top: var(--zsd-gap); min-width: 0; }
.result:empty { display: none; }
.card { background: var(--zsd-surface); border: 1px solid var(--zsd-border); border-radius: var(--zsd-radius); padding: var(--zsd-gap); margin-bottom: var(--zsd-gap); min-width: 0; }
.kind { font-family: var(--zsd-mono); font-size: 0.9rem; background: var(--zsd-code-background); border-radius: 4px; padding: 0.05rem 0.35rem; }
dl { display: grid; grid-template-columns: minmax(6rem, max-content) minmax(0, 1fr); gap: 0.25rem 0.75rem; margin: 0; }
dt { font-weight: 600; }
dd { margin: 0; overflow-wrap: anywhere; }
ol, ul { margin: 0.25rem 0; padding-left: 1.4rem; }
li { margin: 0.2rem 0; overflow-wrap: anywhere; }
code, pre { font-family: var(--zsd-mono); font-size: 0.85rem; background: var(--zsd-code-background); border-radius: 4px; }
code { padding: 0.05rem 0.25rem; overflow-wrap: anywhere; }
pre { padding: 0.5rem; margin: 0.25rem 0; white-space: pre-wrap; overflow-wrap: anywhere; }

.verdict-good { color: var(--zsd-success); font-weight: 600; }
.verdict-bad { color: var(--zsd-danger); font-weight: 600; }
.verdict-unknown { color: var(--zsd-warning); font-weight: 600; }
.warning { color: var(--zsd-warning); }
.warning-error { color: var(--zsd-danger); }
.error { color: var(--zsd-danger); border: 1px solid var(--zsd-danger); border-radius: var(--zsd-radius); padding: 0.5rem; margin-top: var(--zsd-gap); }
.error:empty { display: none; }
.actions { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; margin-top: 0.5rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
`;
