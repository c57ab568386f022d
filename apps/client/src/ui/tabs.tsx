import { NavLink } from "react-router";
import { cn } from "../lib/cn";

export interface TabLink {
  to: string;
  label: string;
  end?: boolean;
}

/** Tabs that are links (each tab is its own URL), so they work with the back button and new tabs. */
export function TabNav({ tabs, label }: { tabs: TabLink[]; label: string }) {
  return (
    <nav
      aria-label={label}
      className="-mx-4 mb-6 overflow-x-auto border-b border-ink-200 px-4 sm:mx-0 sm:px-0"
    >
      <ul className="flex gap-1">
        {tabs.map((tab) => (
          <li key={tab.to}>
            <NavLink
              to={tab.to}
              end={tab.end ?? true}
              className={({ isActive }) =>
                cn(
                  "-mb-px inline-flex h-10 items-center border-b-2 px-3 text-sm font-medium whitespace-nowrap transition-colors",
                  isActive
                    ? "border-brand-700 text-ink-950"
                    : "border-transparent text-ink-500 hover:border-ink-300 hover:text-ink-800",
                )
              }
            >
              {tab.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
