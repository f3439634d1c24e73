/**
 * Reads an output's `outputValues` (FEEL unary tests such as `"gold","silver","bronze"` or
 * `1, 2, 3`) as the priority list of hit policies PRIORITY and OUTPUT ORDER, highest first:
 * the values separated by commas outside string literals, trimmed, string quotes removed
 * (escaped quotes kept). Numbers stay as written; {@link priorityKey} compares them by text.
 * Empty text gives an empty list.
 *
 * @example
 * priorityList('"high", "medium, or so", "low"'); // ['high', 'medium, or so', 'low']
 */
export function priorityList(outputValues: string): string[] {
  const values: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < outputValues.length; i++) {
    const char = outputValues[i];
    if (quoted && char === '\\' && i + 1 < outputValues.length) {
      current += outputValues[i + 1];
      i++;
    } else if (char === '"') {
      quoted = !quoted;
    } else if (char === ',' && !quoted) {
      values.push(current.trim());
      current = '';
    } else {
      current += char;
    }
  }
  values.push(current.trim());
  return values.filter((value) => value !== '');
}

/** The text a result value is looked up by in a priority list; undefined for other types. */
export function priorityKey(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}
