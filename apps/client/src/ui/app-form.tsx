import type { ReactNode } from "react";
import type { Problem } from "../lib/errors";
import type { AppForm as AppFormState } from "../lib/use-app-form";
import { ProblemAlert } from "./problem";

/**
 * The <form> of a useAppForm: submits through it and leaves validation to the schema (noValidate). A failure no
 * field owns is shown above the fields, or, with `problem="manual"`, wherever the form puts <FormProblem>
 * (usually beside its submit button). Field messages already sit under their inputs.
 */
export function AppForm({
  form,
  id,
  className = "flex flex-col gap-4",
  problem = "top",
  problemTitle,
  children,
}: {
  form: AppFormState;
  id?: string;
  /** The form's layout; a vertical stack unless given. */
  className?: string;
  problem?: "top" | "manual";
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
      className={className}
      noValidate
    >
      {problem === "top" ? <FormProblem form={form} title={problemTitle} /> : null}
      {children}
    </form>
  );
}

/** The form's failure that no field owns (a refusal, a conflict, the network), or nothing. */
export function FormProblem({
  form,
  className,
  title,
}: {
  form: AppFormState;
  className?: string;
  title?: ((problem: Problem) => string | undefined) | undefined;
}) {
  if (!form.problem || form.hasFieldErrors) return null;
  return <ProblemAlert problem={form.problem} className={className} title={title?.(form.problem)} />;
}
