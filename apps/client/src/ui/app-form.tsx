import type { ReactNode } from "react";
import { cn } from "../lib/cn";
import type { Problem } from "../lib/errors";
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
  problemTitle,
  children,
}: {
  form: AppFormState;
  id?: string;
  className?: string;
  /** A title of the form's own for a failure it knows (the API's reason), instead of the generic one. */
  problemTitle?: (problem: Problem) => string | undefined;
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
      {form.problem && !form.hasFieldErrors ? (
        <ProblemAlert problem={form.problem} title={problemTitle?.(form.problem)} />
      ) : null}
      {children}
    </form>
  );
}
