import { css } from 'lit'

export const runBoxStyles = css`
  .title {
    margin: 0;
    font-size: 1.15em;
    font-weight: 700;
  }
  .description {
    margin: 0.2em 0 0;
  }
  form {
    display: grid;
    gap: 0.85em;
    margin-block-start: 0.85em;
  }
  .field {
    display: grid;
    gap: 0.25em;
  }
  .field label {
    font-weight: 600;
  }
  .check {
    display: flex;
    align-items: center;
    gap: 0.5em;
  }
  .check .hint,
  .check .field-error {
    flex-basis: 100%;
  }
  .check {
    flex-wrap: wrap;
  }
  textarea {
    resize: vertical;
    min-height: 5em;
  }
  .hint,
  .counter {
    font-size: 0.85em;
  }
  .counter {
    justify-self: end;
  }
  .field-error {
    font-size: 0.9em;
    color: var(--_danger);
    font-weight: 600;
  }
  [aria-invalid='true'] {
    border-color: var(--_danger);
    border-width: 2px;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    align-items: center;
  }
  .status {
    margin: 0.75em 0 0;
    min-height: 1.5em;
    font-size: 0.9em;
  }
  .alert {
    margin: 0.75em 0 0;
    padding: 0.6em 0.75em;
    border: 1px solid var(--_danger);
    border-inline-start-width: 4px;
    border-radius: calc(var(--engify-radius, 8px) / 2);
  }
  .alert p {
    margin: 0;
  }
  .output {
    margin-block-start: 0.75em;
    padding: 0.75em;
    background: var(--_surface);
    border-radius: calc(var(--engify-radius, 8px) / 2);
    max-height: var(--engify-output-max-height, 32em);
    overflow-y: auto;
  }
  .output > :first-child {
    margin-block-start: 0;
  }
  .output > :last-child {
    margin-block-end: 0;
  }
  .output p,
  .output ul,
  .output ol,
  .output pre,
  .output blockquote,
  .output .table {
    margin: 0 0 0.75em;
  }
  .output ul,
  .output ol {
    padding-inline-start: 1.5em;
  }
  .output h3,
  .output h4,
  .output h5,
  .output h6 {
    margin: 1em 0 0.4em;
    font-size: 1.05em;
    line-height: 1.3;
  }
  .output h3 {
    font-size: 1.2em;
  }
  .output a {
    color: var(--_accent);
    text-decoration: underline;
  }
  .output code {
    font-family: var(
      --engify-font-family-code,
      ui-monospace,
      'SF Mono',
      Menlo,
      Consolas,
      monospace
    );
    font-size: 0.9em;
    background: var(--_bg);
    padding: 0.1em 0.3em;
    border-radius: 4px;
  }
  .output pre {
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: 4px;
    padding: 0.75em;
    overflow-x: auto;
    white-space: pre;
  }
  .output pre code {
    padding: 0;
    background: none;
  }
  .output blockquote {
    border-inline-start: 3px solid var(--_border);
    padding-inline-start: 0.75em;
    margin-inline: 0;
    color: var(--_muted);
  }
  .output hr {
    border: 0;
    border-block-start: 1px solid var(--_border);
  }
  .output .table {
    overflow-x: auto;
  }
  .output table {
    border-collapse: collapse;
  }
  .output th,
  .output td {
    border: 1px solid var(--_border);
    padding: 0.3em 0.6em;
    text-align: start;
  }
  .output .center {
    text-align: center;
  }
  .output .end {
    text-align: end;
  }
  .caret {
    display: inline-block;
    width: 0.5em;
    height: 1em;
    vertical-align: text-bottom;
    background: currentColor;
    opacity: 0.6;
  }
  .result-actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    align-items: center;
    margin-block-start: 0.75em;
  }
  .rating {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.15em;
    margin-inline-start: auto;
  }
  .stars {
    display: inline-flex;
  }
  .rating-label {
    margin-inline-end: 0.35em;
    font-size: 0.9em;
  }
  .rating button {
    border: 0;
    background: none;
    padding: 0;
    min-width: 1.8em;
    min-height: 1.8em;
    font-size: 1.2em;
    line-height: 1;
    color: var(--_star);
  }
  .notice {
    margin: 0.5em 0 0;
    font-size: 0.9em;
  }
  .notice:empty {
    margin: 0;
  }
`
