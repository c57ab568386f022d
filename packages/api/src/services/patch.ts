/**
 * The fields an update actually sets: `undefined` means "leave as is" (PATCH semantics), `null` means "clear".
 */
export function definedFields<T extends Record<string, unknown>>(input: T): Partial<T> {
  const patch: Partial<T> = {};
  for (const key of Object.keys(input) as (keyof T)[]) {
    if (input[key] !== undefined) patch[key] = input[key];
  }
  return patch;
}
