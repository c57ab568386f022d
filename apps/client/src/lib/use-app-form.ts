import { zodResolver } from "@hookform/resolvers/zod";
import { type RefObject, useCallback, useMemo, useRef, useState } from "react";
import { type DefaultValues, type FieldValues, get, type Path, useForm } from "react-hook-form";
import { z } from "zod";
import { type Problem, toProblem } from "./errors";

export interface AppFormOptions<TValues extends FieldValues, TSchema extends z.ZodType> {
  defaultValues: TValues;
  /** The API's own input schema (from @kavi/domain): checked here before sending, and again by the server. */
  schema: TSchema;
  /** Form values (strings from inputs) → what the schema and the procedure take. */
  toInput: (values: TValues) => z.input<TSchema>;
  onSubmit: (input: z.input<TSchema>) => Promise<unknown>;
}

/** First message per dotted path: the keys of the API's fieldErrors, and of zod issues. */
export function firstMessages(fieldErrors: Record<string, string[]> | null): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [key, messages] of Object.entries(fieldErrors ?? {})) {
    const [first] = messages;
    if (first) errors[key] = first;
  }
  return errors;
}

/** A field's message; a list (field array) keeps its own under `root`. */
function messageAt(found: unknown): string | undefined {
  if (typeof found !== "object" || found === null) return undefined;
  if ("message" in found && typeof found.message === "string") return found.message;
  return "root" in found ? messageAt(found.root) : undefined;
}

function focusFirstInvalid(form: RefObject<HTMLFormElement | null>) {
  requestAnimationFrame(() => {
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  });
}

/**
 * Every form's state: react-hook-form, validated by the API's zod schema (through the zod resolver) on the values
 * `toInput` builds, so a message sits under the same field whether the browser or the server found it. The server's
 * AppError fieldErrors land under their fields; a failure no field owns is `problem`, shown by <AppForm>.
 * Errors are keyed by the schema's dotted paths (`lines.0.quantity`), read with `form.error(path)`.
 */
export function useAppForm<TValues extends FieldValues, TSchema extends z.ZodType>(
  options: AppFormOptions<TValues, TSchema>,
) {
  const optionsRef = useRef(options);
  optionsRef.current = options;
  const formRef = useRef<HTMLFormElement | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  const resolver = useMemo(
    () =>
      zodResolver(
        z
          .custom<TValues>()
          .transform((values): unknown => optionsRef.current.toInput(values))
          .pipe(options.schema),
        undefined,
        // The procedure takes the schema's input (the wire parses it again), so submit the raw form values.
        { raw: true },
      ),
    [options.schema],
  );
  const form = useForm<TValues>({
    defaultValues: options.defaultValues as DefaultValues<TValues>,
    resolver,
    mode: "onSubmit",
    reValidateMode: "onChange",
  });
  const { errors, isSubmitting } = form.formState;

  /** Puts a failed call's field messages under their fields and keeps the rest as `problem`. */
  const applyProblem = useCallback(
    (next: Problem) => {
      const fields = firstMessages(next.fieldErrors);
      for (const [path, message] of Object.entries(fields)) {
        form.setError(path as Path<TValues>, { type: "server", message });
      }
      setProblem(next);
      if (Object.keys(fields).length > 0) focusFirstInvalid(formRef);
    },
    [form],
  );

  const onSubmit = form.handleSubmit(
    async (values) => {
      setProblem(null);
      const { toInput, onSubmit: submit } = optionsRef.current;
      try {
        await submit(toInput(values));
      } catch (error) {
        applyProblem(toProblem(error));
      }
    },
    () => {
      setProblem(null);
      // Fields that are registered get focus from react-hook-form; this also reaches the ones it does not own.
      focusFirstInvalid(formRef);
    },
  );

  /** react-hook-form's setValue, marking the field changed and clearing its message, as typing does. */
  const setValue: typeof form.setValue = (name, value, setOptions) => {
    form.setValue(name, value, { shouldDirty: true, ...setOptions });
    form.clearErrors(name);
  };

  return {
    ...form,
    setValue,
    formRef,
    onSubmit,
    submitting: isSubmitting,
    problem,
    setProblem,
    applyProblem,
    /** The message under a field, by the schema's dotted path. */
    error: (path: string): string | undefined => messageAt(get(errors, path)),
    hasFieldErrors: Object.keys(errors).length > 0,
  };
}

export type AppForm<TValues extends FieldValues = FieldValues> = Pick<
  ReturnType<typeof useAppForm<TValues, z.ZodType>>,
  "formRef" | "onSubmit" | "problem" | "hasFieldErrors" | "submitting"
>;
