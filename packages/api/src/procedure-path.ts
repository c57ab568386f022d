/** Calls a procedure of a caller by its dotted path ("invoices.recurring.create"). */
export function callProcedure(caller: unknown, path: string, input: unknown): Promise<unknown> {
  const target = path
    .split(".")
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], caller);
  if (typeof target !== "function") throw new Error(`No procedure at ${path}`);
  return (target as (input: unknown) => Promise<unknown>)(input);
}
