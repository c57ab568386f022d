import { type App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import type { IConstruct } from "constructs";

/**
 * cdk-nag's AWS Solutions rules run as a CDK validation plugin: any finding not acknowledged with a
 * reason fails `cdk synth` (and so CI and the tests). Acknowledged rules are written into the
 * templates' metadata as an audit trail.
 */
export function applyNagChecks(app: App): AwsSolutionsChecks {
  const checks = new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true });
  Validations.of(app).addPlugins(checks);
  return checks;
}

/** Acknowledges a cdk-nag rule on `scope` and everything under it. */
export function acknowledgeRule(scope: IConstruct, ruleId: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: ruleId, reason });
}

/**
 * Acknowledges specific findings of a rule that reports one finding per offending value, such as
 * `AwsSolutions-IAM5[Action::s3:GetObject*]`: the other findings of the rule still fail.
 */
export function acknowledgeFindings(
  scope: IConstruct,
  ruleId: string,
  findings: readonly string[],
  reason: string,
): void {
  for (const finding of findings) Validations.of(scope).acknowledge({ id: `${ruleId}[${finding}]`, reason });
}

/** The execution role of every Fargate task pulling from ECR gets this one unscoped action. */
export const ECR_AUTHORIZATION_REASON =
  "Execution role: ecr:GetAuthorizationToken cannot be scoped to a resource (AWS IAM reference); every other action is scoped to the repository, log group and secrets.";
