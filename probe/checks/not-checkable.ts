/** Assumptions the probe cannot settle against a real app, and why. */
export const NOT_CHECKABLE: Readonly<Record<string, string>> = {
  "A-UNKNOWN-APP": "needs an SDKAppID known not to exist; any other number may be someone else's app, and the probe sends requests only for its own",
  "A-CHECK-ORDER": "needs requests failing several checks at once, including app states the probe cannot set (service disabled, unknown app); the single-failure checks do not show the order",
  "A-RATE-SCOPE": "provoking 60007 needs more than 200 requests in one second per command on the real app: neither cheap nor safe for the app's other traffic",
  "A-SERVICE-CHECK": "needs the official-account service disabled on the app",
  "A-DELETE-SUBSCRIBER-KEY": "needs imported user accounts as subscribers; the probe creates only official accounts",
  "A-SUBSCRIBER-ITEMS": "needs imported user accounts as subscribers; the probe creates only official accounts",
  "A-TRIAL-CAP": "needs creating accounts up to the trial edition's cap on the user's app",
};
