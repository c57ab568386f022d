import { type FormEvent, useCallback, useRef, useState } from "react";
import type { z } from "zod";
import { type Problem, toProblem } from "./errors";

/** zod issues → { "dotted.path": "first message" }, the same keys the API's fieldErrors use. */
export function issuesToFieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]) {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join(".");
    if (!(key in errors)) errors[key] = issue.message;
  }
  return errors;
}

export function firstMessages(fieldErrors: Record<string, string[]> | null): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [key, messages] of Object.entries(fieldErrors ?? {})) {
    const [first] = messages;
    if (first) errors[key] = first;
  }
  return errors;
}

export interface FormOptions<TValues, TSchema extends z.ZodType> {
  initialValues: TValues;
  schema: TSchema;
  /** Form values (strings from inputs) → what the schema and the procedure take. */
  toInput: (values: TValues) => z.input<TSchema>;
  onSubmit: (input: z.input<TSchema>) => Promise<unknown>;
}

/**
 * A small form state helper: validates with the same zod schema the API uses before sending, and puts the
 * API's fieldErrors under the right inputs when the server still says no.
 */
export function useZodForm<TValues extends Record<string, unknown>, TSchema extends z.ZodType>(
  options: FormOptions<TValues, TSchema>,
) {
  const [values, setValues] = useState(options.initialValues);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const formRef = useRef<HTMLFormElement | null>(null);
  const optionsRef = useRef(options);
  optionsRef.current = options;

  const focusFirstError = useCallback(() => {
    requestAnimationFrame(() => {
      const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
      invalid?.focus();
    });
  }, []);

  const setValue = useCallback(<K extends keyof TValues>(key: K, value: TValues[K]) => {
    setValues((current) => ({ ...current, [key]: value }));
    setErrors((current) => {
      if (!((key as string) in current)) return current;
      const { [key as string]: _cleared, ...rest } = current;
      return rest;
    });
  }, []);

  /** Props for a text-like input bound to a string field. */
  const text = <K extends keyof TValues & string>(key: K) => ({
    name: key,
    value: String(values[key] ?? ""),
    onChange: (event: { target: { value: string } }) => setValue(key, event.target.value as TValues[K]),
  });

  const applyProblem = useCallback(
    (next: Problem) => {
      const fields = firstMessages(next.fieldErrors);
      setErrors(fields);
      setProblem(next);
      if (Object.keys(fields).length > 0) focusFirstError();
    },
    [focusFirstError],
  );

  const handleSubmit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (submitting) return;
    const { schema, toInput, onSubmit } = optionsRef.current;
    const input = toInput(values);
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      setErrors(issuesToFieldErrors(parsed.error.issues));
      setProblem(null);
      focusFirstError();
      return;
    }
    setErrors({});
    setProblem(null);
    setSubmitting(true);
    try {
      await onSubmit(input);
    } catch (error) {
      applyProblem(toProblem(error));
    } finally {
      setSubmitting(false);
    }
  };

  return {
    values,
    setValues,
    setValue,
    errors,
    error: (key: string) => errors[key],
    problem,
    setProblem,
    submitting,
    text,
    handleSubmit,
    formRef,
    applyProblem,
  };
}
