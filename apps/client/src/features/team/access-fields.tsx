import { GRANTABLE_MODULES, type Module, type Role } from "@kavi/domain";
import { type Control, type Path, type PathValue, type UseFormSetValue, useWatch } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Field } from "../../ui/field";
import { Checkbox, Select } from "../../ui/input";

/** Which modules a staff member works in. */
function ModulePicker({
  value,
  onChange,
  error,
}: {
  value: Module[];
  onChange: (modules: Module[]) => void;
  error?: string | undefined;
}) {
  const { t } = useTranslation(["team", "shell"]);
  return (
    <fieldset>
      <legend className="text-[13px] font-medium text-ink-800">{t("access.modules")}</legend>
      <p className="mt-0.5 text-[13px] text-ink-500">{t("access.modulesHint")}</p>
      <div className="mt-3 grid grid-cols-2 gap-x-4 gap-y-2.5">
        {GRANTABLE_MODULES.map((module) => (
          <Checkbox
            key={module}
            label={t(`shell:module.${module}`)}
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
function RoleField({
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
  const { t } = useTranslation(["team", "shell"]);
  return (
    <Field
      label={t("access.role")}
      error={error}
      description={value ? t(`roleDescription.${value as Role}`) : undefined}
    >
      <Select
        value={value}
        onChange={(event) => onChange(event.target.value as Role)}
        options={roles.map((role) => ({ value: role, label: t(`shell:role.${role}`) }))}
      />
    </Field>
  );
}

interface AccessValues {
  role: Role;
  modules: Module[];
}

/** Modules only restrict staff: owners, admins and accountants reach every module, so none are sent for them. */
export function modulesForRole(values: AccessValues): Module[] {
  return values.role === "staff" ? values.modules : [];
}

/**
 * A member's access in a form (inviting someone, changing a member): the role, and the modules when the role is
 * staff. The form's values have `role` and `modules`; messages come from the form by the schema's paths.
 */
export function AccessFields<TValues extends AccessValues>({
  form,
  roles,
}: {
  form: {
    control: Control<TValues>;
    setValue: UseFormSetValue<TValues>;
    error: (path: string) => string | undefined;
  };
  roles: Role[];
}) {
  const role = useWatch({ control: form.control, name: "role" as Path<TValues> }) as Role;
  const modules = useWatch({ control: form.control, name: "modules" as Path<TValues> }) as Module[];
  const change = (name: keyof AccessValues, value: Role | Module[]) =>
    form.setValue(name as Path<TValues>, value as PathValue<TValues, Path<TValues>>, { shouldDirty: true });
  return (
    <>
      <RoleField
        roles={roles}
        value={role}
        onChange={(next) => change("role", next)}
        error={form.error("role")}
      />
      {role === "staff" ? (
        <ModulePicker
          value={modules}
          onChange={(next) => change("modules", next)}
          error={form.error("modules")}
        />
      ) : null}
    </>
  );
}
