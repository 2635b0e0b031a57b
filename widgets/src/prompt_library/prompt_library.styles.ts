import { css } from 'lit'

export const promptLibraryStyles = css`
  .filters {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
  }
  .filters input {
    flex: 3 1 12em;
  }
  .filters select {
    flex: 1 1 8em;
    width: auto;
  }
  input::placeholder {
    color: var(--_muted);
    opacity: 1;
  }
  .tags {
    display: flex;
    flex-wrap: wrap;
    gap: 0.35em;
    margin-block-start: 0.6em;
  }
  .tags button {
    min-height: 2em;
    padding: 0.1em 0.7em;
    border-radius: 999px;
    font-weight: 400;
  }
  .tags button[aria-pressed='true'] {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
  }
  [role='listbox'] {
    list-style: none;
    margin: 0.75em 0 0;
    padding: 0;
    max-height: var(--engify-list-max-height, 28em);
    overflow-y: auto;
    display: grid;
    gap: 0.4em;
  }
  [role='option'] {
    display: block;
    padding: 0.6em 0.75em;
    border: 1px solid var(--_border);
    border-radius: calc(var(--engify-radius, 8px) / 2);
    background: var(--_surface);
    cursor: pointer;
  }
  [role='option']:hover {
    border-color: var(--_accent);
  }
  [role='option'][aria-selected='true'] {
    background: var(--_selected);
    border-color: var(--_accent);
    box-shadow: inset 4px 0 0 var(--_accent);
  }
  [role='option']:focus-visible {
    outline-offset: -3px;
  }
  .head {
    display: flex;
    align-items: baseline;
    gap: 0.5em;
    flex-wrap: wrap;
  }
  .title {
    font-weight: 600;
  }
  .badge {
    font-size: 0.8em;
    padding: 0 0.5em;
    border-radius: 999px;
    background: var(--_accent);
    color: var(--_on-accent);
  }
  .description {
    display: block;
    margin-block-start: 0.2em;
  }
  .meta {
    display: block;
    font-size: 0.85em;
    margin-block-start: 0.2em;
  }
  .more {
    margin-block-start: 0.75em;
  }
  .message {
    margin: 0.75em 0 0;
  }
`
