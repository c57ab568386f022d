import * as wafv2 from "aws-cdk-lib/aws-wafv2";
import type { Construct } from "constructs";
import { DIRECT_PATH_PATTERNS, ORIGIN_VERIFY_HEADER } from "../origin-verify";

export interface WebAclProps {
  readonly name: string;
  /** CLOUDFRONT ACLs must be created in us-east-1. */
  readonly scope: "CLOUDFRONT" | "REGIONAL";
  readonly requestsPerFiveMinutesPerIp: number;
}

/**
 * AWS managed rule groups plus a per-client rate limit. The same managed rules protect CloudFront and
 * the ALB; the rate limit counts each client once, by an address it cannot choose.
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
      ? // CloudFront's web ACL sees the viewer's own connection: its address cannot be spoofed.
        [rateLimit("RateLimitPerClientIp", 10, { aggregateKeyType: "IP" })]
      : [
          // On the ALB, count callers by the address that connected to it, never by X-Forwarded-For (whose
          // first entry anyone can write). Requests relayed by CloudFront come from CloudFront's addresses and
          // are counted by viewer on CloudFront's web ACL, so they are left out here: those carrying the origin
          // header, except on the paths the ALB forwards without it (a forged header must not buy an exemption).
          rateLimit("RateLimitPerDirectIp", 10, {
            aggregateKeyType: "IP",
            scopeDownStatement: {
              orStatement: {
                statements: [
                  {
                    notStatement: {
                      statement: {
                        sizeConstraintStatement: {
                          fieldToMatch: { singleHeader: { Name: ORIGIN_VERIFY_HEADER.toLowerCase() } },
                          comparisonOperator: "GT",
                          size: 0,
                          textTransformations: [{ priority: 0, type: "NONE" }],
                        },
                      },
                    },
                  },
                  ...DIRECT_PATH_PATTERNS.map((pattern) => ({
                    byteMatchStatement: {
                      fieldToMatch: { uriPath: {} },
                      positionalConstraint: pattern.endsWith("/*") ? "STARTS_WITH" : "EXACTLY",
                      searchString: pattern.replace(/\*$/, ""),
                      textTransformations: [{ priority: 0, type: "NONE" }],
                    },
                  })),
                ],
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
