/**
 * The entry a host page loads: `<script type="module" src="…/widgets/v1/engify.js">`.
 *
 * It stays tiny: each element's code (and Lit) lives in hashed chunks that load only when the page
 * actually contains that element, now or later. Importing this module where there is no DOM (server
 * rendering) does nothing and does not throw.
 */
const elements: Record<string, () => Promise<unknown>> = {
  'engify-prompt-library': () => import('./prompt_library/prompt_library.js'),
  'engify-run-box': () => import('./run_box/run_box.js'),
}

const requested = new Map<string, Promise<unknown>>()

/** Loads and defines one element (or all of them); resolves once it is defined. */
export function load(tag?: keyof typeof elements & string): Promise<unknown> {
  if (!tag) return Promise.all(Object.keys(elements).map((name) => load(name)))
  // The shared runtime (Lit + base class) is requested alongside, not after, the element's chunk.
  if (!requested.has(tag))
    requested.set(tag, Promise.all([import('./shared/base.js'), elements[tag]()]))
  return requested.get(tag)!
}

function scan(root: ParentNode) {
  for (const tag of Object.keys(elements)) {
    if (!requested.has(tag) && root.querySelector(tag)) load(tag)
  }
}

if (typeof document !== 'undefined' && typeof customElements !== 'undefined') {
  scan(document)
  // Elements added later (single-page apps, late markup) load their code on first sight.
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node instanceof Element) {
          const tag = node.localName
          if (tag in elements) load(tag)
          else if (node.firstElementChild) scan(node)
        }
      }
    }
    if (requested.size === Object.keys(elements).length) observer.disconnect()
  })
  observer.observe(document, { childList: true, subtree: true })
}
