/**
 * Registering a resource makes the SDK create four promises per output key, and each captures a stack trace for
 * its promise-leak report (@pulumi/pulumi runtime/debuggable.js). With source maps on (the CLI's program runner
 * registers source-map-support) those traces cost more than everything else a program does: with 18 declared
 * outputs, registering 1,000 profiles cost 2.5× a resource with 7 (docs/benchmarks.md, "Program side"). The traces
 * never reach users unless a promise leaks, so the resource constructors take none while they register.
 */

/** Turns stack traces off; call the returned function to turn them back on. */
export function suspendStackTraces(): () => void {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  return () => {
    Error.stackTraceLimit = limit;
  };
}

/** An error thrown with stack traces off: give it the stack of where the resource was declared. */
export function withCallerStack(error: unknown): unknown {
  if (!(error instanceof Error) || !Object.isExtensible(error)) return error;
  const here = new Error().stack?.split("\n").slice(2).join("\n");
  if (here) error.stack = `${error.name}: ${error.message}\n${here}`;
  return error;
}
