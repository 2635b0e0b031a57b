// Test harness loaded first by every host page: records CSP violations and every engify-* event.
window.__violations = []
window.__events = []
document.addEventListener('securitypolicyviolation', (event) => {
  window.__violations.push({ directive: event.violatedDirective, blocked: event.blockedURI, sample: event.sample })
})
for (const type of ['engify-select', 'engify-before-run', 'engify-run-start', 'engify-token', 'engify-run-end', 'engify-error']) {
  document.addEventListener(type, (event) => {
    window.__events.push({ type, target: event.target.id || event.target.localName, detail: event.detail })
  })
}
