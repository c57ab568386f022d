#!/usr/bin/env node
import { App } from "aws-cdk-lib";
import {
  type ConfigOverrides,
  type EnvironmentName,
  environmentNames,
  isEnvironmentName,
  PLACEHOLDER_ACCOUNT,
  resolveEnvironmentConfig,
} from "../lib/config";
import { addKaviEnvironment } from "../lib/kavi-app";
import { applyNagChecks } from "../lib/nag";

/**
 * cdk synth|deploy [-c environment=staging|production] -c imageTag=<git sha> [-c account=...]
 *   [-c alarmEmails=a@x,b@y] [-c hostedZoneId=Z... -c hostedZoneName=financegrowth.co.ke]
 *   [-c loadBalancerCertificateArn=...] [-c cloudFrontCertificateArn=...]
 *   [-c originVerifyVersion=<secret VersionId>] [-c originVerifyAcceptPrevious=true]   (rotation, docs/operations.md)
 * Without `environment`, both environments are synthesized.
 */
const app = new App();
const context = (key: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  return typeof value === "string" && value.length > 0 ? value : undefined;
};

const imageTag = context("imageTag");
if (!imageTag) {
  throw new Error("Pass the image tag to deploy: -c imageTag=<git commit sha> (any value for a dry synth).");
}

const selected = context("environment");
if (selected !== undefined && !isEnvironmentName(selected)) {
  throw new Error(`Unknown environment "${selected}"; expected one of ${environmentNames.join(", ")}`);
}
const names: EnvironmentName[] = selected ? [selected] : environmentNames;

const hostedZoneId = context("hostedZoneId");
const hostedZoneName = context("hostedZoneName");
const overrides: ConfigOverrides = {
  account: context("account") ?? process.env.CDK_DEFAULT_ACCOUNT ?? PLACEHOLDER_ACCOUNT,
  region: context("region"),
  alarmEmails: context("alarmEmails")?.split(","),
  hostedZone: hostedZoneId && hostedZoneName ? { id: hostedZoneId, name: hostedZoneName } : undefined,
  loadBalancerCertificateArn: context("loadBalancerCertificateArn"),
  cloudFrontCertificateArn: context("cloudFrontCertificateArn"),
  originVerify: {
    versionId: context("originVerifyVersion"),
    acceptPrevious: context("originVerifyAcceptPrevious") === "true",
  },
};

for (const name of names) {
  addKaviEnvironment(app, resolveEnvironmentConfig(name, overrides), { imageTag });
}
applyNagChecks(app);
app.synth();
