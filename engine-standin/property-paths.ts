import { isObject, isSecret, makeSecret, type PropertyMap, type PropertyValue } from "./property-values";

/**
 * Property paths as the engine reads `ignoreChanges` and `replaceOnChanges` (sdk/go/common/resource/properties_path.go):
 * `a`, `a.b`, `a[0]`, `a["x.y"]`, `a[*].b`, `*`. Ports of `ParsePropertyPath`, `Contains` and `Reset`.
 * See docs/engine-standin.md.
 */
export type PropertyPath = Array<string | number>;

/** properties_path.go `ParsePropertyPath` (non-strict). Throws on a malformed path, as the engine errors. */
export function parsePropertyPath(path: string): PropertyPath {
  const elements: PropertyPath = [];
  let rest = path;
  if (rest.startsWith(".")) throw new Error("expected property path to start with a name or index");
  while (rest.length > 0) {
    if (rest[0] === ".") {
      rest = rest.slice(1);
      if (rest.length === 0) throw new Error("expected property path to end with a name or index");
    } else if (rest[0] === "[") {
      if (rest[1] === '"') {
        let key = "";
        let i = 2;
        for (;;) {
          if (i >= rest.length) throw new Error("missing closing quote in property name");
          if (rest[i] === '"') {
            i += 1;
            break;
          }
          if (rest[i] === "\\" && rest[i + 1] === '"') {
            key += '"';
            i += 2;
          } else {
            key += rest[i];
            i += 1;
          }
        }
        if (rest[i] !== "]") throw new Error("missing closing bracket in property access");
        elements.push(key);
        rest = rest.slice(i + 1);
      } else {
        const close = rest.indexOf("]");
        if (close === -1) throw new Error("missing closing bracket in array index");
        const segment = rest.slice(1, close);
        if (segment === "*") elements.push("*");
        else if (/^-?\d+$/.test(segment)) elements.push(Number(segment));
        else throw new Error("invalid array index");
        rest = rest.slice(close + 1);
      }
    } else {
      let i = 0;
      while (i < rest.length && rest[i] !== "." && rest[i] !== "[") i += 1;
      elements.push(rest.slice(0, i));
      rest = rest.slice(i);
    }
  }
  return elements;
}

/** properties_path.go `Contains`: `p` is a prefix of `other`, where a `*` in `p` matches any key (not an index). */
export function pathContains(p: PropertyPath, other: PropertyPath): boolean {
  if (other.length < p.length) return false;
  return p.every((element, index) => {
    const candidate = other[index];
    if (typeof element === "number") return candidate === element;
    if (element === "*") return true;
    return typeof candidate === "string" && candidate === element;
  });
}

/** properties_path.go `PropertyPath.String`. */
export function formatPropertyPath(path: PropertyPath): string {
  let text = "";
  for (const element of path) {
    if (typeof element === "number") text += `[${element}]`;
    else if (/^[A-Za-z0-9_]+$/.test(element) || element === "*") text += text === "" ? element : `.${element}`;
    else text += `["${element.replace(/"/g, '\\"')}"]`;
  }
  return text;
}

function unwrap(value: PropertyValue | undefined): { value: PropertyValue | undefined; secret: boolean } {
  let secret = false;
  let current = value;
  while (isSecret(current)) {
    secret = true;
    current = current.value;
  }
  return { value: current, secret };
}

/**
 * properties_path.go `reset`: sets the location in `news` to its value in `olds` (in place). Returns false on a
 * path error (the engine then only logs that it cannot ignore added or removed elements).
 */
function resetAt(path: PropertyPath, oldValue: PropertyValue | undefined, newValue: PropertyValue | undefined, oldSecret: boolean, newSecret: boolean): boolean {
  if (path.length === 0) return false;
  const o = unwrap(oldValue);
  const n = unwrap(newValue);
  const old = o.value;
  const neu = n.value;
  const oldIsSecret = oldSecret || o.secret;
  const newIsSecret = newSecret || n.secret;
  const carry = (value: PropertyValue) => (oldIsSecret && !newIsSecret ? makeSecret(value) : value);
  const [key, ...tail] = path;
  if (key === undefined) return false;
  if (typeof key === "number") {
    if (key < 0) return false;
    const oldArray = Array.isArray(old) ? old : undefined;
    const newArray = Array.isArray(neu) ? neu : undefined;
    if (tail.length === 0) {
      if (!oldArray && !newArray) return true;
      if (!oldArray || !newArray) return false;
      if (key >= oldArray.length && key >= newArray.length) return true;
      if (key >= oldArray.length || key >= newArray.length) return false;
      newArray[key] = carry(oldArray[key] as PropertyValue);
      return true;
    }
    if (!oldArray || !newArray) return !oldArray && !newArray;
    if (key >= oldArray.length || key >= newArray.length) return false;
    return resetAt(tail, oldArray[key], newArray[key], oldIsSecret, newIsSecret);
  }
  if (key === "*") {
    if (tail.length === 0) {
      if (isObject(neu)) {
        if (isObject(old)) {
          for (const k of Object.keys(old)) neu[k] = carry(old[k] as PropertyValue);
          for (const k of Object.keys(neu)) if (!(k in old)) delete neu[k];
        }
        return true;
      }
      if (Array.isArray(neu)) {
        if (Array.isArray(old)) {
          for (let i = 0; i < old.length && i < neu.length; i++) neu[i] = carry(old[i] as PropertyValue);
          if (old.length !== neu.length) return false;
        }
        return true;
      }
      return false;
    }
    if (isObject(old) && isObject(neu)) {
      return Object.keys(old).every((k) => k in neu && resetAt(tail, old[k], neu[k], oldIsSecret, newIsSecret));
    }
    if (Array.isArray(old) && Array.isArray(neu)) {
      for (let i = 0; i < old.length && i < neu.length; i++) {
        if (!resetAt(tail, old[i], neu[i], oldIsSecret, newIsSecret)) return false;
      }
      return old.length === neu.length;
    }
    return false;
  }
  if (tail.length === 0) {
    if (isObject(old) && key in old) {
      if (!isObject(neu)) return false;
      neu[key] = carry(old[key] as PropertyValue);
    } else if (isObject(neu)) {
      delete neu[key];
    }
    return true;
  }
  if (!isObject(old) || !isObject(neu)) return !isObject(old) && !isObject(neu);
  const hasOld = key in old;
  const hasNew = key in neu;
  if (hasOld && !hasNew) return false;
  if (!hasOld && !hasNew) return true;
  return resetAt(tail, old[key], neu[key], oldIsSecret, newIsSecret);
}

/**
 * step_generator.go `processIgnoreChanges`: a copy of `news` with every ignored path set back to its value in
 * `olds`. Malformed paths are skipped, as the engine skips them.
 */
export function processIgnoreChanges(news: PropertyMap, olds: PropertyMap, ignoreChanges: readonly string[]): PropertyMap {
  const result = structuredClone(news);
  for (const ignore of ignoreChanges) {
    let path: PropertyPath;
    try {
      path = parsePropertyPath(ignore);
    } catch {
      continue;
    }
    resetAt(path, olds, result, false, false);
  }
  return result;
}
