import {
  GRANTABLE_MODULES,
  MODULE_LABELS,
  type Module,
  ROLE_DESCRIPTIONS,
  ROLE_LABELS,
  type Role,
} from "@kavi/domain";
import { Field } from "../../ui/field";
import { Checkbox, Select } from "../../ui/input";

/** Which modules a staff member works in. */
export function ModulePicker({
  value,
  onChange,
  error,
}: {
  value: Module[];
  onChange: (modules: Module[]) => void;
  error?: string | undefined;
}) {
  return (
    <fieldset>
      <legend className="text-[13px] font-medium text-ink-800">Modules</legend>
      <p className="mt-0.5 text-[13px] text-ink-500">Staff see and work only inside these.</p>
      <div className="mt-3 grid grid-cols-2 gap-x-4 gap-y-2.5">
        {GRANTABLE_MODULES.map((module) => (
          <Checkbox
            key={module}
            label={MODULE_LABELS[module]}
            checked={value.includes(module)}
            onChange={(event) =>
              onChange(event.target.checked ? [...value, module] : value.filter((item) => item !== module))
            }
          />
        ))}
      </div>
      {error ? <p className="mt-2 text-[13px] font-medium text-red-700">{error}</p> : null}
    </fieldset>
  );
}

/** The role to give, described underneath. */
export function RoleField({
  roles,
  value,
  onChange,
  error,
}: {
  roles: Role[];
  value: string;
  onChange: (role: Role) => void;
  error?: string | undefined;
}) {
  return (
    <Field label="Role" error={error} description={value ? ROLE_DESCRIPTIONS[value as Role] : undefined}>
      <Select
        value={value}
        onChange={(event) => onChange(event.target.value as Role)}
        options={roles.map((role) => ({ value: role, label: ROLE_LABELS[role] }))}
      />
    </Field>
  );
}
