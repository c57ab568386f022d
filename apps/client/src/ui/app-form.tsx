import type { ReactNode } from "react";
import { cn } from "../lib/cn";
import type { AppForm as AppFormState } from "../lib/use-app-form";
import { ProblemAlert } from "./problem";

/**
 * The <form> of a useAppForm: submits through it, leaves validation to the schema (noValidate), and shows a
 * failure no field owns above the fields (field messages already sit under their inputs).
 */
export function AppForm({
  form,
  id,
  className,
  children,
}: {
  form: AppFormState;
  id?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <form
      id={id}
      ref={form.formRef}
      onSubmit={(event) => {
        // A dialog's form inside another form (portalled, but still its child in React) submits only itself.
        event.stopPropagation();
        void form.onSubmit(event);
      }}
      className={cn("flex flex-col gap-4", className)}
      noValidate
    >
      {form.problem && !form.hasFieldErrors ? <ProblemAlert problem={form.problem} /> : null}
      {children}
    </form>
  );
}
