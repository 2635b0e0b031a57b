/**
 * Every user-visible string. Hosts override any subset through the `strings` property (or a JSON
 * `strings` attribute); `{name}` placeholders are filled by `format`.
 */
export const defaultStrings = {
  promptsLabel: 'Prompts',
  search: 'Search prompts',
  searchPlaceholder: 'Search…',
  category: 'Category',
  allCategories: 'All categories',
  tags: 'Filter by tag',
  featured: 'Featured',
  ratingSummary: 'Rated {rating} of 5',
  loading: 'Loading…',
  empty: 'No prompts match.',
  results: '{count} prompts',
  loadMore: 'Load more',
  noPrompt: 'Choose a prompt to run.',
  run: 'Run',
  stop: 'Stop',
  retry: 'Retry',
  copy: 'Copy',
  copied: 'Copied to the clipboard',
  copyFailed: 'Could not copy',
  answer: 'Answer',
  required: 'required',
  errorRequired: 'Fill in {field}.',
  errorTooLong: '{field} is too long: at most {max} characters.',
  errorNumber: '{field} must be a number.',
  characters: '{count} of {max} characters',
  yes: 'Yes',
  running: 'Sending…',
  streaming: 'Writing the answer…',
  done: 'Answer complete.',
  stopped: 'Stopped.',
  rate: 'Rate this answer',
  star: '{n} out of 5',
  thanks: 'Thanks for your rating.',
  rateLimited: 'Too many requests right now.',
  budgetExhausted: 'The usage limit has been reached.',
  retryIn: 'You can try again in {time}.',
  tryLater: 'Please try again later.',
  error: 'Something went wrong.',
  networkError: 'Could not reach the server.',
  interrupted: 'The answer was cut off.',
  notAllowed: 'This site is not allowed to use these prompts.',
  invalidKey: 'The widget is not configured with a valid key.',
  notFound: 'This prompt does not exist.',
}

export type Strings = typeof defaultStrings

export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole
  )
}

/** The message shown for an error code; the server's own message is not shown to visitors. */
export function errorMessage(strings: Strings, code: string): string {
  switch (code) {
    case 'network_error':
    case 'timeout':
      return strings.networkError
    case 'stream_interrupted':
    case 'provider_stream_interrupted':
      return strings.interrupted
    case 'origin_not_allowed':
      return strings.notAllowed
    case 'invalid_api_key':
    case 'missing_key':
      return strings.invalidKey
    case 'not_found':
    case 'http_404':
      return strings.notFound
    case 'rate_limited':
    case 'provider_rate_limited':
      return strings.rateLimited
    case 'budget_exceeded':
      return strings.budgetExhausted
    default:
      return strings.error
  }
}
