import { readFileSync } from "node:fs";
import { join } from "node:path";
import { App, Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import * as s3 from "aws-cdk-lib/aws-s3";
import { AwsSolutionsChecks } from "cdk-nag";
import { describe, expect, it } from "vitest";
import { type EnvironmentName, environmentNames } from "../lib/config";
import type { KaviEnvironmentStacks } from "../lib/kavi-app";
import { applyNagChecks } from "../lib/nag";
import { synthesizeKavi } from "./synthesize";
import { type CfnResourceJson, resourcesOfType, tagValue } from "./template-helpers";

const kavi = synthesizeKavi();
/** Lazy: with an unacknowledged finding, synthesis throws, and the first test below says which. */
const assembly = () => kavi.app.synth();

const allStacks = environmentNames.flatMap((environment) =>
  Object.entries(kavi.stacks[environment])
    .filter((entry): entry is [keyof KaviEnvironmentStacks, Stack] => entry[1] instanceof Stack)
    .map(([part, stack]) => ({ environment, part, stack })),
);

describe("cdk-nag (AwsSolutions)", () => {
  it("finds nothing that is not acknowledged with a reason, in either environment", () => {
    const report = new AwsSolutionsChecks().validateScope(kavi.app);
    const findings = report.violations.map(
      (violation) =>
        `${violation.ruleName}: ${violation.violatingResources.map((resource) => resource.constructPath).join(", ")}`,
    );
    expect(findings).toEqual([]);
  });

  // What Annotations.fromStack(stack).findError / findWarning read, from the one synthesis (fromStack
  // would synthesize the whole app again for every stack).
  it.each(allStacks)("leaves no error or warning annotation on $stack.stackName", ({ stack }) => {
    const messages = assembly().getStackArtifact(stack.artifactId).messages;
    expect(messages.filter((message) => message.level === "error")).toEqual([]);
    expect(
      messages.filter(
        (message) => message.level === "warning" && /AwsSolutions-/.test(JSON.stringify(message.entry.data)),
      ),
    ).toEqual([]);
  });

  it("is wired into synthesis: a non-compliant resource fails `cdk synth`", () => {
    const app = new App();
    const stack = new Stack(app, "NonCompliant", { env: { account: "123456789012", region: "eu-west-1" } });
    new s3.Bucket(stack, "NoLoggingNoTls");
    applyNagChecks(app);
    const report = new AwsSolutionsChecks().validateScope(app);
    expect(report.violations.map((violation) => violation.ruleName)).toEqual(
      expect.arrayContaining(["AwsSolutions-S1", "AwsSolutions-S10"]),
    );
    expect(() => app.synth()).toThrow(/AwsSolutions-S1/);
  });

  it("records every acknowledgment with its reason in the template metadata", () => {
    const acknowledged = allStacks.flatMap(({ stack }) =>
      Object.values(Template.fromStack(stack).toJSON().Resources as Record<string, CfnResourceJson>).flatMap(
        (resource) =>
          (resource.Metadata?.cdk_nag?.rules_to_suppress ?? []) as { id: string; reason: string }[],
      ),
    );
    expect(acknowledged.length).toBeGreaterThan(20);
    for (const { id, reason } of acknowledged) {
      expect(id).toMatch(/^(AwsSolutions-[A-Z0-9]+(\[.+\])?|CloudFormation-Validate::[EFW]\d+)$/);
      expect(reason.length, `${id} needs a real reason`).toBeGreaterThan(40);
    }
  });

  it("acknowledges single-AZ and unprotected PostgreSQL in staging only", () => {
    const acknowledgedOnDatabase = (environment: EnvironmentName) => {
      const [, database] =
        resourcesOfType(kavi.template(environment, "data"), "AWS::RDS::DBInstance")[0] ?? [];
      return ((database?.Metadata?.cdk_nag?.rules_to_suppress ?? []) as { id: string }[]).map(
        (rule) => rule.id,
      );
    };
    expect(acknowledgedOnDatabase("staging")).toEqual(
      expect.arrayContaining(["AwsSolutions-RDS3", "AwsSolutions-RDS10"]),
    );
    expect(acknowledgedOnDatabase("production")).not.toContain("AwsSolutions-RDS3");
    expect(acknowledgedOnDatabase("production")).not.toContain("AwsSolutions-RDS10");
  });
});

describe("cost-allocation tags (spec §10)", () => {
  const COMMON = { Project: "FinanceGrowth", Owner: "Engineering", CostCenter: "Product" };

  it.each(allStacks)("tag every taggable resource of $stack.stackName", ({ environment, stack }) => {
    const expected = { ...COMMON, Environment: environment === "production" ? "Production" : "Staging" };
    const template = Template.fromStack(stack).toJSON();
    let tagged = 0;
    for (const [logicalId, resource] of Object.entries(
      template.Resources as Record<string, CfnResourceJson>,
    )) {
      const tags = tagsOf(resource);
      if (!tags) continue;
      tagged++;
      expect(tags, logicalId).toMatchObject(expected);
      expect(tags.Component, `${logicalId} Component`).toMatch(
        /^(Network|Registry|Database|Cache|Storage|Secrets|Backup|Backend|Frontend|Monitoring)$/,
      );
    }
    expect(tagged).toBeGreaterThan(0);
    // Stack tags, which CloudFormation propagates to what CDK cannot tag itself.
    const manifestTags = assembly().getStackArtifact(stack.artifactId).tags;
    expect(manifestTags).toMatchObject(expected);
  });

  it("names the component of each kind of resource", () => {
    const componentOf = (part: keyof KaviEnvironmentStacks, type: string) =>
      resourcesOfType(kavi.template("production", part), type).map(([, resource]) =>
        tagValue(resource, "Component"),
      );
    expect(componentOf("network", "AWS::EC2::VPC")).toEqual(["Network"]);
    expect(componentOf("data", "AWS::RDS::DBInstance")).toEqual(["Database"]);
    expect(componentOf("data", "AWS::ElastiCache::ReplicationGroup")).toEqual(["Cache"]);
    expect(componentOf("app", "AWS::ECS::Service")).toEqual(["Backend", "Backend"]);
    expect(componentOf("edge", "AWS::CloudFront::Distribution")).toEqual(["Frontend"]);
    expect(new Set(componentOf("monitoring", "AWS::CloudWatch::Alarm"))).toEqual(new Set(["Monitoring"]));
  });
});

/** Tags in either CloudFormation shape: a `[{Key, Value}]` list or a `{key: value}` map (AWS Backup). */
function tagsOf(resource: CfnResourceJson): Record<string, string> | undefined {
  const properties = resource.Properties ?? {};
  const list = properties.Tags;
  if (Array.isArray(list))
    return Object.fromEntries(list.map((tag: { Key: string; Value: string }) => [tag.Key, tag.Value]));
  const map = properties.BackupVaultTags ?? properties.BackupPlanTags;
  return map && typeof map === "object" ? (map as Record<string, string>) : undefined;
}

describe("synthesis", () => {
  it("needs no AWS account lookups (works offline, in CI)", () => {
    expect(assembly().manifest.missing ?? []).toEqual([]);
  });

  it("builds no container image: services run tagged images from ECR", () => {
    const cloudAssembly = assembly();
    const assetManifests = cloudAssembly.artifacts.filter(
      (artifact) => artifact.manifest.type === "cdk:asset-manifest",
    );
    expect(assetManifests.length).toBeGreaterThan(0);
    for (const artifact of assetManifests) {
      const file = (artifact.manifest.properties as { file: string }).file;
      const manifest = JSON.parse(readFileSync(join(cloudAssembly.directory, file), "utf8")) as {
        dockerImages?: Record<string, unknown>;
      };
      expect(Object.keys(manifest.dockerImages ?? {}), file).toEqual([]);
    }
  });

  it.each(environmentNames)("lays out %s as named stacks, in deploy order", (environment) => {
    const stacks = kavi.stacks[environment];
    const prefix = `Kavi-${environment === "production" ? "Production" : "Staging"}`;
    const names = allStacks
      .filter((entry) => entry.environment === environment)
      .map((entry) => entry.stack.stackName);
    expect(names).toEqual(
      [
        "Registry",
        "Network",
        ...(environment === "production" ? ["BackupCopy"] : []),
        "Data",
        "App",
        "Migrations",
        "Monitoring",
        "Edge",
      ].map((part) => `${prefix}-${part}`),
    );
    const dependencies = (stack: Stack) =>
      stack.dependencies.map((dependency) => dependency.stackName).sort();
    expect(dependencies(stacks.data)).toEqual(
      [`${prefix}-Network`, ...(environment === "production" ? [`${prefix}-BackupCopy`] : [])].sort(),
    );
    expect(dependencies(stacks.app)).toEqual([`${prefix}-Data`, `${prefix}-Network`, `${prefix}-Registry`]);
    expect(dependencies(stacks.migrations)).toContain(`${prefix}-App`);
    // Only for ordering (no cross-region reference): CloudFront reads the origin secret's us-east-1 replica.
    expect(dependencies(stacks.edge)).toEqual([`${prefix}-Data`]);
    for (const stack of Object.values(stacks)) {
      if (!(stack instanceof Stack)) continue;
      expect(stack.account).toBe("123456789012");
    }
  });

  it("protects the data stacks of production from deletion", () => {
    expect(kavi.stacks.production.data.terminationProtection).toBe(true);
    expect(kavi.stacks.staging.data.terminationProtection).toBe(false);
    expect(kavi.stacks.production.app.terminationProtection).toBe(false);
  });
});
