import * as wafv2 from "aws-cdk-lib/aws-wafv2";
import type { Construct } from "constructs";

export interface WebAclProps {
  readonly name: string;
  /** CLOUDFRONT ACLs must be created in us-east-1. */
  readonly scope: "CLOUDFRONT" | "REGIONAL";
  readonly requestsPerFiveMinutesPerIp: number;
}

/**
 * AWS managed rule groups plus a per-client rate limit. The same rules protect CloudFront and the
 * ALB; only the way the client's address is found differs.
 */
export function createWebAcl(scope: Construct, id: string, props: WebAclProps): wafv2.CfnWebACL {
  const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
    metricName: `${props.name}-${metricName}`,
    cloudWatchMetricsEnabled: true,
    sampledRequestsEnabled: true,
  });

  const managedGroup = (
    name: string,
    priority: number,
    countInsteadOfBlock: string[] = [],
  ): wafv2.CfnWebACL.RuleProperty => ({
    name,
    priority,
    overrideAction: { none: {} },
    statement: {
      managedRuleGroupStatement: {
        vendorName: "AWS",
        name,
        ruleActionOverrides:
          countInsteadOfBlock.length > 0
            ? countInsteadOfBlock.map((rule) => ({ name: rule, actionToUse: { count: {} } }))
            : undefined,
      },
    },
    visibilityConfig: visibility(name),
  });

  const rateLimit = (
    name: string,
    priority: number,
    statement: Omit<wafv2.CfnWebACL.RateBasedStatementProperty, "limit" | "evaluationWindowSec">,
  ): wafv2.CfnWebACL.RuleProperty => ({
    name,
    priority,
    action: { block: {} },
    statement: {
      rateBasedStatement: {
        limit: props.requestsPerFiveMinutesPerIp,
        evaluationWindowSec: 300,
        ...statement,
      },
    },
    visibilityConfig: visibility(name),
  });

  const rateRules =
    props.scope === "CLOUDFRONT"
      ? [rateLimit("RateLimitPerClientIp", 10, { aggregateKeyType: "IP" })]
      : [
          // Requests relayed by CloudFront come from CloudFront's addresses; count them by the viewer
          // address CloudFront put first in X-Forwarded-For (WAF skips this rule without the header)...
          rateLimit("RateLimitPerForwardedIp", 10, {
            aggregateKeyType: "FORWARDED_IP",
            forwardedIpConfig: { headerName: "X-Forwarded-For", fallbackBehavior: "MATCH" },
          }),
          // ...and direct callers (M-Pesa callbacks, scripts) by their own address.
          rateLimit("RateLimitPerDirectIp", 11, {
            aggregateKeyType: "IP",
            scopeDownStatement: {
              notStatement: {
                statement: {
                  sizeConstraintStatement: {
                    fieldToMatch: { singleHeader: { Name: "x-forwarded-for" } },
                    comparisonOperator: "GT",
                    size: 0,
                    textTransformations: [{ priority: 0, type: "NONE" }],
                  },
                },
              },
            },
          }),
        ];

  return new wafv2.CfnWebACL(scope, id, {
    name: props.name,
    scope: props.scope,
    defaultAction: { allow: {} },
    visibilityConfig: visibility("all"),
    rules: [
      managedGroup("AWSManagedRulesAmazonIpReputationList", 0),
      // Voice notes, receipts and statement imports exceed the common rule set's 8 KB body limit, and
      // server-to-server callers (M-Pesa callbacks) need not send a User-Agent: count, don't block.
      managedGroup("AWSManagedRulesCommonRuleSet", 1, ["SizeRestrictions_BODY", "NoUserAgent_HEADER"]),
      managedGroup("AWSManagedRulesKnownBadInputsRuleSet", 2),
      ...rateRules,
    ],
  });
}
