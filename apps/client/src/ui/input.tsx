import { type ComponentProps, forwardRef } from "react";
import { cn } from "../lib/cn";
import { useFieldControl } from "./field";

export const controlClasses =
  "w-full rounded-md border border-control bg-surface text-sm text-ink-900 shadow-xs transition-colors placeholder:text-ink-400 hover:border-ink-500 focus-visible:border-brand-600 focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-brand-600/25 disabled:cursor-not-allowed disabled:bg-ink-50 disabled:text-ink-500 aria-[invalid=true]:border-red-600 aria-[invalid=true]:focus-visible:outline-red-600/25";

function useControlProps<T extends { id?: string | undefined; "aria-describedby"?: string | undefined }>(
  props: T,
) {
  const field = useFieldControl();
  return {
    id: props.id ?? field?.id,
    "aria-describedby": props["aria-describedby"] ?? field?.describedBy,
    "aria-invalid": field?.invalid || undefined,
    required: field?.required || undefined,
  };
}

export const Input = forwardRef<HTMLInputElement, ComponentProps<"input">>(function Input(
  { className, ...props },
  ref,
) {
  const control = useControlProps(props);
  return <input ref={ref} className={cn(controlClasses, "h-10 px-3", className)} {...control} {...props} />;
});

export const Textarea = forwardRef<HTMLTextAreaElement, ComponentProps<"textarea">>(function Textarea(
  { className, rows = 3, ...props },
  ref,
) {
  const control = useControlProps(props);
  return (
    <textarea
      ref={ref}
      rows={rows}
      className={cn(controlClasses, "min-h-20 px-3 py-2 leading-relaxed", className)}
      {...control}
      {...props}
    />
  );
});

export interface SelectOption {
  value: string;
  label: string;
}

export const Select = forwardRef<
  HTMLSelectElement,
  ComponentProps<"select"> & { options: readonly SelectOption[]; placeholder?: string }
>(function Select({ className, options, placeholder, ...props }, ref) {
  const control = useControlProps(props);
  return (
    <div className="relative">
      <select
        ref={ref}
        className={cn(controlClasses, "h-10 appearance-none pr-9 pl-3", className)}
        {...control}
        {...props}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <svg
        aria-hidden
        viewBox="0 0 20 20"
        className="pointer-events-none absolute top-1/2 right-3 size-4 -translate-y-1/2 text-ink-500"
      >
        <path d="M6 8l4 4 4-4" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
      </svg>
    </div>
  );
});

export function Checkbox({
  label,
  description,
  className,
  ...props
}: Omit<ComponentProps<"input">, "type"> & { label: React.ReactNode; description?: React.ReactNode }) {
  return (
    <label
      className={cn(
        "group flex cursor-pointer items-start gap-3 rounded-md text-sm has-disabled:cursor-not-allowed has-disabled:opacity-60",
        className,
      )}
    >
      <input
        type="checkbox"
        className="mt-0.5 size-4 shrink-0 cursor-pointer rounded border-control accent-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
        {...props}
      />
      <span className="flex flex-col gap-0.5">
        <span className="font-medium text-ink-800">{label}</span>
        {description ? <span className="text-[13px] text-ink-500">{description}</span> : null}
      </span>
    </label>
  );
}
