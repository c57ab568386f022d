import { runInNewContext } from "node:vm";
import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import type { EnvironmentName } from "../lib/config";
import { SPA_FALLBACK_FUNCTION } from "../lib/stacks/edge-stack";
import { synthesizeKavi } from "./synthesize";
import { onlyResource, referencedLogicalId, resourcesOfType } from "./template-helpers";

const kavi = synthesizeKavi();

/** AWS managed CloudFront policies, by their fixed ids. */
const MANAGED = {
  cachingOptimized: "658327ea-f89d-4fab-a63d-7e88639e58f6",
  cachingDisabled: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
  allViewerExceptHostHeader: "b689b0a8-53d0-40ab-baf2-68738e2966ac",
};

const expectations: { environment: EnvironmentName; aliases: string[]; api: string; waf: boolean }[] = [
  {
    environment: "staging",
    aliases: ["staging.financegrowth.co.ke"],
    api: "staging-api.financegrowth.co.ke",
    waf: false,
  },
  {
    environment: "production",
    aliases: ["financegrowth.co.ke", "www.financegrowth.co.ke"],
    api: "api.financegrowth.co.ke",
    waf: true,
  },
];

describe.each(expectations)("$environment edge", ({ environment, aliases, api, waf }) => {
  const template = kavi.template(environment, "edge");
  const distribution = onlyResource(template, "AWS::CloudFront::Distribution").Properties.DistributionConfig;

  it("lives in us-east-1, where CloudFront certificates and web ACLs must be", () => {
    expect(kavi.stacks[environment].edge.region).toBe("us-east-1");
  });

  it("serves the app's names over TLS 1.2+, HTTP/2 and HTTP/3, compressed", () => {
    expect(distribution).toMatchObject({
      Aliases: aliases,
      HttpVersion: "http2and3",
      DefaultRootObject: "index.html",
      PriceClass: "PriceClass_200",
      ViewerCertificate: { MinimumProtocolVersion: "TLSv1.2_2021", SslSupportMethod: "sni-only" },
      Logging: expect.objectContaining({ Prefix: "cloudfront/" }),
    });
    template.hasResourceProperties("AWS::CertificateManager::Certificate", {
      DomainName: aliases[0],
      ValidationMethod: "DNS",
    });
  });

  it("serves the SPA from a private bucket through origin access control, cached and compressed", () => {
    const spaOrigin = distribution.Origins.find(
      (origin: { S3OriginConfig?: unknown }) => origin.S3OriginConfig,
    );
    expect(spaOrigin.OriginAccessControlId).toBeDefined();
    expect(spaOrigin.S3OriginConfig).toEqual({ OriginAccessIdentity: "" });
    template.hasResourceProperties("AWS::CloudFront::OriginAccessControl", {
      OriginAccessControlConfig: Match.objectLike({
        OriginAccessControlOriginType: "s3",
        SigningBehavior: "always",
      }),
    });
    expect(distribution.DefaultCacheBehavior).toMatchObject({
      TargetOriginId: spaOrigin.Id,
      ViewerProtocolPolicy: "redirect-to-https",
      Compress: true,
      CachePolicyId: MANAGED.cachingOptimized,
    });
    const spaBucketId = referencedLogicalId(spaOrigin.DomainName);
    const spaBucket = template.findResources("AWS::S3::Bucket")[spaBucketId ?? ""];
    expect(spaBucket?.Properties).toMatchObject({
      VersioningConfiguration: { Status: "Enabled" },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    // Only CloudFront, and only for this distribution, may read it.
    template.hasResourceProperties("AWS::S3::BucketPolicy", {
      Bucket: { Ref: spaBucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: "s3:GetObject",
            Principal: { Service: "cloudfront.amazonaws.com" },
            Condition: { StringEquals: { "AWS:SourceArn": Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it("sends /api/* and /admin/* to the API uncached, forwarding every header but Host, cookies and query strings", () => {
    const apiOrigin = distribution.Origins.find(
      (origin: { DomainName: unknown }) => origin.DomainName === api,
    );
    expect(apiOrigin.CustomOriginConfig).toEqual({
      OriginProtocolPolicy: "https-only",
      OriginSSLProtocols: ["TLSv1.2"],
      OriginReadTimeout: 60,
    });
    // The origin secret, read by name from its us-east-1 replica: the ALB and the server require it.
    expect(apiOrigin.OriginCustomHeaders).toEqual([
      {
        HeaderName: "X-Origin-Verify",
        HeaderValue: `{{resolve:secretsmanager:kavi/${environment}/origin-verify:SecretString:current::}}`,
      },
    ]);
    const behaviors = distribution.CacheBehaviors as Record<string, unknown>[];
    expect(behaviors.map((behavior) => behavior.PathPattern)).toEqual(["/api/*", "/admin/*"]);
    for (const behavior of behaviors) {
      expect(behavior).toMatchObject({
        TargetOriginId: apiOrigin.Id,
        CachePolicyId: MANAGED.cachingDisabled,
        OriginRequestPolicyId: MANAGED.allViewerExceptHostHeader,
        ViewerProtocolPolicy: "https-only",
        AllowedMethods: expect.arrayContaining(["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]),
      });
      expect(behavior.FunctionAssociations).toBeUndefined();
    }
  });

  it("falls back to index.html for client routes with a function on the SPA behavior only, not error pages", () => {
    const [functionId] = resourcesOfType(template, "AWS::CloudFront::Function")[0] ?? [];
    expect(distribution.DefaultCacheBehavior.FunctionAssociations).toEqual([
      { EventType: "viewer-request", FunctionARN: { "Fn::GetAtt": [functionId, "FunctionARN"] } },
    ]);
    // Error responses would apply to /api/* too and turn the API's 403/404 into HTML.
    expect(distribution.CustomErrorResponses).toBeUndefined();
    template.hasResourceProperties("AWS::CloudFront::Function", {
      FunctionCode: SPA_FALLBACK_FUNCTION,
      FunctionConfig: Match.objectLike({ Runtime: "cloudfront-js-2.0" }),
    });
  });

  it("adds the security headers to every response", () => {
    const [policyId] = resourcesOfType(template, "AWS::CloudFront::ResponseHeadersPolicy")[0] ?? [];
    for (const behavior of [distribution.DefaultCacheBehavior, ...distribution.CacheBehaviors]) {
      expect(behavior.ResponseHeadersPolicyId).toEqual({ Ref: policyId });
    }
    const policy = onlyResource(template, "AWS::CloudFront::ResponseHeadersPolicy").Properties
      .ResponseHeadersPolicyConfig;
    expect(policy.SecurityHeadersConfig).toMatchObject({
      StrictTransportSecurity: { AccessControlMaxAgeSec: 31_536_000, IncludeSubdomains: true, Preload: true },
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: "DENY" },
      ReferrerPolicy: { ReferrerPolicy: "strict-origin-when-cross-origin" },
    });
    const csp: string = policy.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
  });

  it(`${waf ? "has" : "has no"} a CloudFront-scope WAF web ACL`, () => {
    template.resourceCountIs("AWS::WAFv2::WebACL", waf ? 1 : 0);
    if (waf) {
      const acl = onlyResource(template, "AWS::WAFv2::WebACL").Properties;
      expect(acl.Scope).toBe("CLOUDFRONT");
      expect(distribution.WebACLId).toEqual({ "Fn::GetAtt": ["WebAcl", "Arn"] });
      const managedGroups = acl.Rules.filter(
        (rule: { Statement: Record<string, unknown> }) => rule.Statement.ManagedRuleGroupStatement,
      );
      expect(managedGroups.map((rule: { Name: string }) => rule.Name)).toEqual([
        "AWSManagedRulesAmazonIpReputationList",
        "AWSManagedRulesCommonRuleSet",
        "AWSManagedRulesKnownBadInputsRuleSet",
      ]);
      expect(acl.Rules).toContainEqual(
        expect.objectContaining({
          Name: "RateLimitPerClientIp",
          Action: { Block: {} },
          Statement: {
            RateBasedStatement: { AggregateKeyType: "IP", Limit: 2000, EvaluationWindowSec: 300 },
          },
        }),
      );
    } else {
      expect(distribution.WebACLId).toBeUndefined();
    }
  });
});

describe("SPA fallback function", () => {
  const rewrite = (uri: string): string => {
    const handler = runInNewContext(`${SPA_FALLBACK_FUNCTION}; handler`) as (event: unknown) => {
      uri: string;
    };
    return handler({ request: { uri, method: "GET", headers: {} } }).uri;
  };

  it.each([
    ["/", "/index.html"],
    ["/invoices/42", "/index.html"],
    ["/settings/", "/index.html"],
    ["/assets/index-3f9a.js", "/assets/index-3f9a.js"],
    ["/favicon.ico", "/favicon.ico"],
    ["/index.html", "/index.html"],
  ])("serves %s as %s", (uri, expected) => {
    expect(rewrite(uri)).toBe(expected);
  });
});
