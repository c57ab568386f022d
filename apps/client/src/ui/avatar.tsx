import { cn } from "../lib/cn";

const palette = [
  "bg-brand-100 text-brand-800",
  "bg-amber-100 text-amber-800",
  "bg-sky-100 text-sky-800",
  "bg-rose-100 text-rose-800",
  "bg-violet-100 text-violet-800",
  "bg-emerald-100 text-emerald-800",
];

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = parts[0]?.[0] ?? "?";
  const last = parts.length > 1 ? (parts.at(-1)?.[0] ?? "") : "";
  return (first + last).toUpperCase();
}

function hash(text: string): number {
  let value = 0;
  for (const char of text) value = (value * 31 + char.charCodeAt(0)) >>> 0;
  return value;
}

export function Avatar({
  name,
  src,
  size = "md",
  className,
  square = false,
}: {
  name: string;
  src?: string | null;
  size?: "sm" | "md" | "lg";
  className?: string;
  square?: boolean;
}) {
  const sizes = { sm: "size-7 text-[11px]", md: "size-9 text-xs", lg: "size-14 text-base" };
  const shape = square ? "rounded-md" : "rounded-full";
  if (src) {
    return <img src={src} alt="" className={cn(sizes[size], shape, "shrink-0 object-cover", className)} />;
  }
  return (
    <span
      aria-hidden
      className={cn(
        sizes[size],
        shape,
        "inline-grid shrink-0 place-items-center font-semibold",
        palette[hash(name) % palette.length],
        className,
      )}
    >
      {initials(name)}
    </span>
  );
}
