import type { ReactNode } from "react";
import { cn } from "../lib/cn";
import type { Problem } from "../lib/errors";
import { ProblemAlert } from "./problem";

interface FormState {
  formRef: React.RefObject<HTMLFormElement | null>;
  handleSubmit: (event?: React.FormEvent) => Promise<void> | void;
  problem: Problem | null;
  errors: Record<string, string>;
}

/**
 * The <form> of a useZodForm: submits through it, leaves validation to the schema (noValidate), and shows a
 * failure no field owns above the fields (field messages already sit under their inputs).
 */
export function ZodForm({
  form,
  id,
  className,
  children,
}: {
  form: FormState;
  id?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <form
      id={id}
      ref={form.formRef}
      onSubmit={form.handleSubmit}
      className={cn("flex flex-col gap-4", className)}
      noValidate
    >
      {form.problem && Object.keys(form.errors).length === 0 ? <ProblemAlert problem={form.problem} /> : null}
      {children}
    </form>
  );
}
