import { FeelFunction, dateAndTime, parseDate } from 'feelin';
import type { FeelDate, FeelDateTime } from 'feelin';
import { RegexError, compileRegex } from './compileRegex';
import { feelTypeName } from './feelTypeName';

/**
 * A FEEL function of ours was called in a way that cannot give a result (a bad pattern, an
 * argument of the wrong type). It aborts the evaluation, which then fails with this message.
 */
export class FeelFunctionError extends Error {
  override name = 'FeelFunctionError';
}

/**
 * The functions Relata puts into every FEEL context, overriding feelin's built-ins of the same
 * names (a context entry wins over a built-in; checked on feelin 8.2):
 *
 * - `now()` and `today()` read the command's clock, so an evaluation is deterministic and a
 *   replay gives the same result;
 * - `matches`, `replace` and `split` run on re2js (linear time), so a pathological pattern
 *   cannot block the thread (D6).
 *
 * Parameter names follow the FEEL spec, so named invocation (`matches(input: x, pattern: p)`)
 * works too. A `null` argument gives `null`, as FEEL's built-ins do.
 *
 * @param nowMs the command's clock in epoch milliseconds
 *
 * @example
 * const context = { ...variables, ...createFeelFunctions(Date.UTC(2020, 0, 2)) };
 * evaluate('today()', context).value; // FeelDate 2020-01-02
 */
export function createFeelFunctions(nowMs: number): Record<string, FeelFunction> {
  if (!Number.isFinite(nowMs)) {
    throw new TypeError(`the clock must be finite epoch milliseconds, got ${nowMs}`);
  }
  const isoNow = new Date(nowMs).toISOString();
  return {
    now: new FeelFunction(() => clockDateTime(isoNow), []),
    today: new FeelFunction(() => clockDate(isoNow), []),
    matches: new FeelFunction(matches, ['input', 'pattern', 'flags']),
    replace: new FeelFunction(replace, ['input', 'pattern', 'replacement', 'flags']),
    split: new FeelFunction(split, ['string', 'delimiter']),
  };
}

function clockDateTime(isoNow: string): FeelDateTime {
  const value = dateAndTime(isoNow);
  if (!value) throw new FeelFunctionError(`now(): the clock ${isoNow} is out of range`);
  return value;
}

function clockDate(isoNow: string): FeelDate {
  const value = parseDate(isoNow.slice(0, 10));
  if (!value) throw new FeelFunctionError(`today(): the clock ${isoNow} is out of range`);
  return value;
}

function matches(input: unknown, pattern: unknown, flags: unknown): boolean | null {
  const signature = 'matches(input, pattern, flags)';
  const args = stringArguments(signature, { input, pattern });
  assertFlags(signature, flags);
  if (!args) return null;
  return regex(signature, args.pattern, flags).test(args.input);
}

function replace(
  input: unknown,
  pattern: unknown,
  replacement: unknown,
  flags: unknown,
): string | null {
  const signature = 'replace(input, pattern, replacement, flags)';
  const args = stringArguments(signature, { input, pattern, replacement });
  assertFlags(signature, flags);
  if (!args) return null;
  const re = regex(signature, args.pattern, flags);
  try {
    // Java mode: `$1` refers to a group and `\$` is a literal dollar, as in XPath and Zeebe.
    return re.matcher(args.input).replaceAll(args.replacement, true);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new FeelFunctionError(
      `${signature}: invalid replacement '${args.replacement}': ${reason}`,
    );
  }
}

function split(string: unknown, delimiter: unknown): string[] | null {
  const signature = 'split(string, delimiter)';
  const args = stringArguments(signature, { string, delimiter });
  if (!args) return null;
  // A negative limit keeps trailing empty strings: split("a;b;;", ";") is ["a", "b", "", ""].
  return regex(signature, args.delimiter, '').split(args.string, -1);
}

function regex(signature: string, pattern: string, flags: string | null | undefined) {
  try {
    return compileRegex(pattern, flags ?? '');
  } catch (error) {
    if (error instanceof RegexError) throw new FeelFunctionError(`${signature}: ${error.message}`);
    throw error;
  }
}

/**
 * Checks required string arguments: `null` when one of them is `null` (the call then yields
 * `null`), an error when one is missing or not a string.
 */
function stringArguments<K extends string>(
  signature: string,
  args: Record<K, unknown>,
): Record<K, string> | null {
  let hasNull = false;
  for (const [name, value] of Object.entries<unknown>(args)) {
    if (value === undefined) {
      throw new FeelFunctionError(`${signature}: the parameter '${name}' is missing`);
    }
    if (value === null) {
      hasNull = true;
    } else if (typeof value !== 'string') {
      throw new FeelFunctionError(
        `${signature}: the parameter '${name}' must be a string, got ${describe(value)}`,
      );
    }
  }
  return hasNull ? null : (args as Record<K, string>);
}

function assertFlags(
  signature: string,
  flags: unknown,
): asserts flags is string | null | undefined {
  if (flags !== undefined && flags !== null && typeof flags !== 'string') {
    throw new FeelFunctionError(
      `${signature}: the parameter 'flags' must be a string, got ${describe(flags)}`,
    );
  }
}

function describe(value: unknown): string {
  const type = feelTypeName(value);
  return typeof value === 'number' || typeof value === 'boolean' ? `${type} ${value}` : type;
}
