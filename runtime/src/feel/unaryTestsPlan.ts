import { parseUnaryTests } from 'feelin';

/**
 * One positive test of a list of unary tests, and how {@link evaluateUnaryTests} runs it:
 *
 * - `expression`: it uses `?`, so it is evaluated as an expression and passes when `true`;
 * - `ordered`: a comparison (`< 5`, `>= limit`) or an interval (`[1..10]`); feelin runs it, and
 *   a pass counts only when the input has the type of the `endpoints` (feelin compares a
 *   string with a number as JavaScript does, so `"abc"` would be in `[1..10]`);
 * - `plain`: anything else (`"a"`, `5`, `null`, a list), run by feelin as it is.
 */
export type PlannedTest =
  | { kind: 'expression'; text: string }
  | { kind: 'ordered'; text: string; endpoints: string[] }
  | { kind: 'plain'; text: string };

export interface UnaryTestsPlan {
  /**
   * Whether the tests name a variable or a function (`> limit`, `today()`); tests that do not
   * (`"a","b"`, `[1..10]`) run against `?` alone, without copying the variables into feelin.
   */
  usesNames: boolean;
  /** the positive tests, when one needs more than feelin; absent: feelin runs the whole text */
  split?: {
    /** `not(…)` around the tests */
    negate: boolean;
    tests: PlannedTest[];
  };
}

const CACHE_SIZE = 1024;
const cache = new Map<string, UnaryTestsPlan | null>();
const ORDER_OPERATORS = new Set(['<', '<=', '>', '>=']);
const NAME_NODES = new Set(['VariableName', 'Identifier', 'BacktickIdentifier', 'Name']);

/**
 * Reads unary tests into a plan: whether they name anything, and their positive tests when one
 * of them is not plain. `null` for a syntax error, which feelin then reports. Plans are cached
 * by text.
 *
 * @example
 * planUnaryTests('"a", ? > 3');
 * // { usesNames: false,
 * //   split: { negate: false, tests: [{ kind: 'plain', text: '"a"' }, { kind: 'expression', text: '? > 3' }] } }
 */
export function planUnaryTests(tests: string): UnaryTestsPlan | null {
  const cached = cache.get(tests);
  if (cached !== undefined) return cached;
  const plan = buildPlan(tests);
  if (cache.size >= CACHE_SIZE) {
    // Map keeps insertion order: drop the oldest entry.
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  cache.set(tests, plan);
  return plan;
}

type SyntaxNode = ReturnType<typeof parseUnaryTests>['topNode'];

function buildPlan(text: string): UnaryTestsPlan | null {
  const tree = parseUnaryTests(text, {}, 'camunda');
  const inputAt: number[] = [];
  let broken = false;
  let usesNames = false;
  tree.iterate({
    enter(node) {
      if (node.type.isError) broken = true;
      if (node.name === '?') inputAt.push(node.from);
      if (NAME_NODES.has(node.name)) usesNames = true;
    },
  });
  if (broken) return null;
  let negate = false;
  const tests: PlannedTest[] = [];
  for (let child = tree.topNode.firstChild; child; child = child.nextSibling) {
    if (child.name === 'not') negate = true;
    if (child.name !== 'PositiveUnaryTests') continue;
    for (let test = child.firstChild; test; test = test.nextSibling) {
      if (test.name !== 'PositiveUnaryTest') continue;
      const { from, to } = test;
      const slice = text.slice(from, to);
      if (inputAt.some((at) => at >= from && at < to)) {
        tests.push({ kind: 'expression', text: slice });
        continue;
      }
      const endpoints = orderedEndpoints(test.firstChild, text);
      tests.push(
        endpoints ? { kind: 'ordered', text: slice, endpoints } : { kind: 'plain', text: slice },
      );
    }
  }
  return tests.some((test) => test.kind !== 'plain')
    ? { usesNames, split: { negate, tests } }
    : { usesNames };
}

/** The endpoint expressions of `< x` or `[a..b]`; undefined for any other test. */
function orderedEndpoints(node: SyntaxNode | null, text: string): string[] | undefined {
  if (node?.name !== 'SimplePositiveUnaryTest') return undefined;
  const parts: SyntaxNode[] = [];
  for (let part = node.firstChild; part; part = part.nextSibling) parts.push(part);
  const slice = (part: SyntaxNode | undefined) => (part ? text.slice(part.from, part.to) : '');
  const [first, second] = parts;
  if (first?.name === 'CompareOp') {
    return ORDER_OPERATORS.has(slice(first)) && second ? [slice(second)] : undefined;
  }
  if (first?.name !== 'Interval') return undefined;
  const bounds: SyntaxNode[] = [];
  for (let part = first.firstChild; part; part = part.nextSibling) bounds.push(part);
  // `[` start `..` end `]`
  return bounds.length === 5 ? [slice(bounds[1]), slice(bounds[3])] : undefined;
}
