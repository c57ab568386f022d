import type { Template } from "aws-cdk-lib/assertions";

/** A CloudFormation resource as found in a synthesized template. */
export interface CfnResourceJson {
  Type: string;
  // biome-ignore lint/suspicious/noExplicitAny: templates are untyped JSON
  Properties: Record<string, any>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  DependsOn?: string[];
  // biome-ignore lint/suspicious/noExplicitAny: templates are untyped JSON
  Metadata?: Record<string, any>;
}

export function resourcesOfType(template: Template, type: string): [logicalId: string, CfnResourceJson][] {
  return Object.entries(template.findResources(type)) as [string, CfnResourceJson][];
}

/** The only resource of `type`; fails if there are none or several. */
export function onlyResource(template: Template, type: string): CfnResourceJson {
  const found = resourcesOfType(template, type);
  if (found.length !== 1) throw new Error(`Expected exactly one ${type}, found ${found.length}`);
  return (found[0] as [string, CfnResourceJson])[1];
}

/** The resource of `type` whose properties contain `name` under `nameProperty`. */
export function resourceNamed(
  template: Template,
  type: string,
  nameProperty: string,
  name: string,
): [logicalId: string, CfnResourceJson] {
  const found = resourcesOfType(template, type).filter(
    ([, resource]) => resource.Properties[nameProperty] === name,
  );
  if (found.length !== 1)
    throw new Error(`Expected one ${type} with ${nameProperty}=${name}, found ${found.length}`);
  return found[0] as [string, CfnResourceJson];
}

export function tagValue(resource: CfnResourceJson, key: string): string | undefined {
  const tags = resource.Properties.Tags as { Key: string; Value: string }[] | undefined;
  return tags?.find((tag) => tag.Key === key)?.Value;
}

/** `{ "Fn::GetAtt": ["X", "GroupId"] }` or `{ "Ref": "X" }` → "X". */
export function referencedLogicalId(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.Ref === "string") return record.Ref;
  const getAtt = record["Fn::GetAtt"];
  if (Array.isArray(getAtt) && typeof getAtt[0] === "string") return getAtt[0];
  return undefined;
}

/** A container definition's `Environment` as a plain object. */
export function environmentOf(container: {
  Environment?: { Name: string; Value: unknown }[];
}): Record<string, unknown> {
  return Object.fromEntries((container.Environment ?? []).map((entry) => [entry.Name, entry.Value]));
}

/** A container definition's `Secrets` as name → ValueFrom. */
export function secretsOf(container: {
  Secrets?: { Name: string; ValueFrom: unknown }[];
}): Record<string, unknown> {
  return Object.fromEntries((container.Secrets ?? []).map((entry) => [entry.Name, entry.ValueFrom]));
}

/** Joins an `Fn::Join` (or returns a plain string) so assertions can read it; tokens become `{...}`. */
export function flatten(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (typeof value === "object" && value !== null) {
    const join = (value as Record<string, unknown>)["Fn::Join"];
    if (Array.isArray(join)) {
      const [separator, parts] = join as [string, unknown[]];
      return parts.map(flatten).join(separator);
    }
    return `{${JSON.stringify(value)}}`;
  }
  return String(value);
}
