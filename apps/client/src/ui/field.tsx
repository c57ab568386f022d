import { createContext, type ReactNode, useContext, useId } from "react";
import { useTranslation } from "react-i18next";
import { useTranslateMessage } from "../i18n/use-locale";
import { cn } from "../lib/cn";

interface FieldContextValue {
  id: string;
  describedBy: string | undefined;
  invalid: boolean;
  required: boolean;
}

const FieldContext = createContext<FieldContextValue | null>(null);

/** Lets a control inside <Field> pick up its id, description and error wiring. */
export function useFieldControl(): FieldContextValue | null {
  return useContext(FieldContext);
}

export interface FieldProps {
  label: ReactNode;
  description?: ReactNode;
  error?: string | null | undefined;
  required?: boolean;
  optional?: boolean;
  className?: string;
  children: ReactNode;
  /** Hide the label visually (it is still read by screen readers). */
  hideLabel?: boolean;
}

export function Field({
  label,
  description,
  error,
  required = false,
  optional = false,
  className,
  hideLabel = false,
  children,
}: FieldProps) {
  const id = useId();
  const { t } = useTranslation();
  const translateMessage = useTranslateMessage();
  const descriptionId = description ? `${id}-description` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [descriptionId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <FieldContext.Provider value={{ id, describedBy, invalid: Boolean(error), required }}>
      <div className={cn("flex flex-col gap-1.5", className)}>
        <label htmlFor={id} className={cn("text-[13px] font-medium text-ink-800", hideLabel && "sr-only")}>
          {label}
          {optional ? <span className="ml-1 font-normal text-ink-500">{t("optional")}</span> : null}
        </label>
        {children}
        {description && !error ? (
          <p id={descriptionId} className="text-[13px] text-ink-500">
            {description}
          </p>
        ) : null}
        {description && error ? (
          <p id={descriptionId} className="sr-only">
            {description}
          </p>
        ) : null}
        {error ? (
          <p id={errorId} className="text-[13px] font-medium text-red-700">
            {translateMessage(error)}
          </p>
        ) : null}
      </div>
    </FieldContext.Provider>
  );
}
