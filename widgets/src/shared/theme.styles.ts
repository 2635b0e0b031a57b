import { css } from 'lit'

/**
 * The shared look. The `:host` reset and the explicit values on `.root` make the widget immune to
 * whatever the host page's CSS does to inherited properties (font, color, line-height...): outer
 * styles can reach the host element but nothing inside the shadow root. Sizes are in `em` of our own
 * font size, never `rem`, so a host that changes its root font size does not resize the widget.
 * Public theming surface (keep it <= 25 properties): the `--engify-*` properties read below.
 */
export const themeStyles = css`
  :host {
    all: initial;
    display: block;
    contain: content;
    --_bg: var(--engify-color-background, #ffffff);
    --_surface: var(--engify-color-surface, #f5f6f8);
    --_text: var(--engify-color-text, #1b1f24);
    --_muted: var(--engify-color-muted, #545c66);
    --_border: var(--engify-color-border, #8a929c);
    --_accent: var(--engify-color-accent, #3550d8);
    --_on-accent: var(--engify-color-on-accent, #ffffff);
    --_danger: var(--engify-color-danger, #b3261e);
    --_focus: var(--engify-color-focus, #3550d8);
    --_selected: var(--engify-color-selected, #e6eaff);
    --_star: var(--engify-color-star, #8a5a00);
  }
  :host([hidden]) {
    display: none;
  }
  :host([theme='dark']) {
    --_bg: var(--engify-color-background, #15181d);
    --_surface: var(--engify-color-surface, #20242b);
    --_text: var(--engify-color-text, #eef0f3);
    --_muted: var(--engify-color-muted, #b4bbc5);
    --_border: var(--engify-color-border, #7d8794);
    --_accent: var(--engify-color-accent, #9db0ff);
    --_on-accent: var(--engify-color-on-accent, #10131a);
    --_danger: var(--engify-color-danger, #ffb4ab);
    --_focus: var(--engify-color-focus, #9db0ff);
    --_selected: var(--engify-color-selected, #2b3558);
    --_star: var(--engify-color-star, #ffd27a);
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      --_bg: var(--engify-color-background, #15181d);
      --_surface: var(--engify-color-surface, #20242b);
      --_text: var(--engify-color-text, #eef0f3);
      --_muted: var(--engify-color-muted, #b4bbc5);
      --_border: var(--engify-color-border, #7d8794);
      --_accent: var(--engify-color-accent, #9db0ff);
      --_on-accent: var(--engify-color-on-accent, #10131a);
      --_danger: var(--engify-color-danger, #ffb4ab);
      --_focus: var(--engify-color-focus, #9db0ff);
      --_selected: var(--engify-color-selected, #2b3558);
      --_star: var(--engify-color-star, #ffd27a);
    }
  }
  .root {
    all: initial;
    display: block;
    box-sizing: border-box;
    font-family: var(
      --engify-font-family,
      system-ui,
      -apple-system,
      'Segoe UI',
      Roboto,
      sans-serif
    );
    font-size: var(--engify-font-size, 15px);
    font-weight: 400;
    font-style: normal;
    line-height: 1.5;
    color: var(--_text);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--engify-radius, 8px);
    padding: var(--engify-spacing, 1em);
    text-align: start;
    visibility: visible;
    cursor: auto;
    overflow-wrap: anywhere;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  [hidden] {
    display: none !important;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }
  button,
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
    letter-spacing: inherit;
    margin: 0;
  }
  input,
  select,
  textarea {
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: calc(var(--engify-radius, 8px) / 2);
    padding: 0.4em 0.6em;
    min-height: 2.5em;
    width: 100%;
  }
  input[type='checkbox'],
  input[type='radio'] {
    width: 1.2em;
    height: 1.2em;
    min-height: 0;
    accent-color: var(--_accent);
  }
  button {
    cursor: pointer;
    min-height: 2.5em;
    min-width: 2.5em;
    padding: 0.4em 1em;
    border-radius: calc(var(--engify-radius, 8px) / 2);
    border: 1px solid var(--_border);
    background: var(--_surface);
    font-weight: 600;
  }
  button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }
  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  .muted {
    color: var(--_muted);
  }
  .error {
    color: var(--_danger);
  }
  @media (prefers-reduced-motion: no-preference) {
    .spinner {
      animation: engify-spin 0.8s linear infinite;
    }
  }
  .spinner {
    display: inline-block;
    width: 1em;
    height: 1em;
    border: 2px solid currentColor;
    border-inline-end-color: transparent;
    border-radius: 50%;
    vertical-align: -0.15em;
  }
  @keyframes engify-spin {
    to {
      transform: rotate(360deg);
    }
  }
`
