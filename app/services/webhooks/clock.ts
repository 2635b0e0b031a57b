/**
 * Time as the delivery pipeline sees it. Production uses the system clock; tests swap in a
 * clock they advance by hand, so a three-day retry schedule runs in milliseconds.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number
}

export const systemClock: Clock = { now: () => Date.now() }
