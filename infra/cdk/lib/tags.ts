import { Tags } from "aws-cdk-lib";
import type { IConstruct } from "constructs";
import type { KaviEnvironmentConfig } from "./config";

/** spec §10 Cost Allocation Tags: `Component: Frontend/Backend/Database`, refined per part of the system. */
export type Component =
  | "Network"
  | "Registry"
  | "Database"
  | "Cache"
  | "Storage"
  | "Secrets"
  | "Backup"
  | "Backend"
  | "Frontend"
  | "Monitoring";

/** spec §10: the tags every resource carries; `Component` is added per construct. */
export function costAllocationTags(config: KaviEnvironmentConfig): Record<string, string> {
  return {
    Project: "FinanceGrowth",
    Environment: config.tagValue,
    Owner: "Engineering",
    CostCenter: "Product",
  };
}

/** Tags every taggable resource under `scope` with its component (the most specific scope wins). */
export function tagComponent(scope: IConstruct, component: Component): void {
  Tags.of(scope).add("Component", component);
}
