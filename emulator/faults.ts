/**
 * Fault decisions, deterministic from a seed: the same faults, seed and order of requests give the same
 * delays and the same faults. Jitter and decisions draw from separate streams, so adding jitter does not
 * move which requests fail. Decisions restart whenever faults are set.
 */
import { createPrng, mixSeed, type Prng } from "./prng";
import type { FaultConfig, FaultKind, FaultRule } from "./types";

/** Every fault kind a rule can name. */
export const FAULT_KINDS: readonly FaultKind[] = ["error10004", "error20005", "throttle", "http502", "reset", "hang", "malformed"];

const DECISION_STREAM = 2;
const JITTER_STREAM = 3;

export interface FaultDecision {
  kind: FaultKind;
  afterApply: boolean;
}

interface ActiveRule {
  rule: FaultRule;
  remaining: number;
}

/** Throws RangeError naming the bad field; accepts only what the emulator can honour. */
export function validateFaultConfig(config: FaultConfig): FaultConfig {
  const nonNegative = (value: unknown, name: string): void => {
    if (value !== undefined && (typeof value !== "number" || !Number.isFinite(value) || value < 0)) {
      throw new RangeError(`${name} must be a non-negative number`);
    }
  };
  const commandList = (value: unknown, name: string): void => {
    if (value !== undefined && (!Array.isArray(value) || !value.every((c) => typeof c === "string"))) {
      throw new RangeError(`${name} must be an array of command names`);
    }
  };
  if (typeof config !== "object" || config === null) throw new RangeError("faults must be an object");
  if (config.seed !== undefined && !Number.isInteger(config.seed)) throw new RangeError("faults.seed must be an integer");
  nonNegative(config.latencyMs, "faults.latencyMs");
  nonNegative(config.jitterMs, "faults.jitterMs");
  commandList(config.commands, "faults.commands");
  if (config.rules !== undefined && !Array.isArray(config.rules)) throw new RangeError("faults.rules must be an array");
  (config.rules ?? []).forEach((rule, i) => {
    if (!FAULT_KINDS.includes(rule.kind)) throw new RangeError(`faults.rules[${i}].kind must be one of ${FAULT_KINDS.join(", ")}`);
    if (rule.rate !== undefined && (typeof rule.rate !== "number" || !(rule.rate >= 0 && rule.rate <= 1))) {
      throw new RangeError(`faults.rules[${i}].rate must be between 0 and 1`);
    }
    if (rule.count !== undefined && (!Number.isInteger(rule.count) || rule.count < 0)) {
      throw new RangeError(`faults.rules[${i}].count must be a non-negative integer`);
    }
    commandList(rule.commands, `faults.rules[${i}].commands`);
    if (rule.afterApply !== undefined && typeof rule.afterApply !== "boolean") {
      throw new RangeError(`faults.rules[${i}].afterApply must be a boolean`);
    }
  });
  return config;
}

export class FaultInjector {
  private readonly defaultSeed: number;
  private config: FaultConfig = {};
  private rules: ActiveRule[] = [];
  private decisions: Prng;
  private jitter: Prng;

  constructor(defaultSeed: number, initial?: FaultConfig) {
    this.defaultSeed = defaultSeed;
    this.decisions = createPrng(0);
    this.jitter = createPrng(0);
    this.set(initial ?? {});
  }

  set(config: FaultConfig): void {
    validateFaultConfig(config);
    this.config = structuredClone(config);
    this.rules = (this.config.rules ?? []).map((rule) => ({ rule, remaining: rule.count ?? Number.POSITIVE_INFINITY }));
    const seed = this.config.seed ?? this.defaultSeed;
    this.decisions = createPrng(mixSeed(seed, DECISION_STREAM));
    this.jitter = createPrng(mixSeed(seed, JITTER_STREAM));
  }

  clear(): void {
    this.set({});
  }

  /** The configuration in force, with how many uses each counted rule has left. */
  current(): FaultConfig & { remaining: Array<number | null> } {
    return {
      ...structuredClone(this.config),
      remaining: this.rules.map((r) => (Number.isFinite(r.remaining) ? r.remaining : null)),
    };
  }

  /** Latency to add before this request: latencyMs plus a uniform 0..jitterMs. */
  delayFor(command: string): number {
    const { latencyMs = 0, jitterMs = 0 } = this.config;
    if ((latencyMs === 0 && jitterMs === 0) || !inScope(this.config.commands, command)) return 0;
    return latencyMs + (jitterMs > 0 ? Math.round(this.jitter.next() * jitterMs) : 0);
  }

  /** The first rule that fires for this request, taken before the command runs. */
  decide(command: string): FaultDecision | undefined {
    for (const active of this.rules) {
      const scope = active.rule.commands ?? this.config.commands;
      if (active.remaining <= 0 || !inScope(scope, command)) continue;
      const draw = this.decisions.next();
      if (draw < (active.rule.rate ?? 1)) {
        active.remaining -= 1;
        return { kind: active.rule.kind, afterApply: active.rule.afterApply ?? false };
      }
    }
    return undefined;
  }
}

function inScope(commands: readonly string[] | undefined, command: string): boolean {
  return commands === undefined || commands.length === 0 || commands.includes(command);
}
