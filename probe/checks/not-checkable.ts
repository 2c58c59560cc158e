/** Assumptions the probe cannot settle against a real app, and why. */
export const NOT_CHECKABLE: Readonly<Record<string, string>> = {
  "A-UNKNOWN-APP": "needs an SDKAppID known not to exist; any other number may be someone else's app, and the probe sends requests only for its own",
  "A-CHECK-ORDER": "needs requests failing several checks at once, including app states the probe cannot set (service disabled, unknown app); the single-failure checks do not show the order",
  // Not checked on purpose: the limit is the app's, not the account's, so no capped check against the probe's own
  // account can reach it, and reaching it blocks everyone (the probe's usage text says the same).
  "A-RATE-SCOPE":
    "not checked on purpose: the limit is per app and command (200 requests a second), so provoking 60007 would throttle the real app's other callers of that command; a capped burst below the limit would show nothing",
  "A-SERVICE-CHECK": "needs the official-account service disabled on the app",
  "A-DELETE-SUBSCRIBER-KEY": "needs imported user accounts as subscribers; the probe creates only official accounts",
  "A-SUBSCRIBER-ITEMS": "needs imported user accounts as subscribers; the probe creates only official accounts",
  "A-TRIAL-CAP": "needs creating accounts up to the trial edition's cap on the user's app",
};
