import { CfnOutput, Duration, RemovalPolicy } from "aws-cdk-lib";
import * as acm from "aws-cdk-lib/aws-certificatemanager";
import * as cloudfront from "aws-cdk-lib/aws-cloudfront";
import * as origins from "aws-cdk-lib/aws-cloudfront-origins";
import * as route53 from "aws-cdk-lib/aws-route53";
import * as route53Targets from "aws-cdk-lib/aws-route53-targets";
import * as s3 from "aws-cdk-lib/aws-s3";
import type * as wafv2 from "aws-cdk-lib/aws-wafv2";
import type { Construct } from "constructs";
import type { KaviEnvironmentConfig } from "../config";
import { createWebAcl } from "../constructs/web-acl";
import { acknowledgeRule } from "../nag";
import { resourceName } from "../naming";
import { ORIGIN_VERIFY_HEADER, originVerifyValue } from "../origin-verify";
import { KaviStack } from "./kavi-stack";

/** CloudFront's certificates and web ACLs must live in us-east-1, so this whole stack does. */
export const EDGE_REGION = "us-east-1";

/** Paths CloudFront sends to the API (the ALB) instead of the SPA bucket. */
export const API_PATH_PATTERNS = ["/api/*", "/admin/*"] as const;

/**
 * Rewrites client-side routes (`/invoices/42`) to `/index.html` on the SPA behavior only.
 *
 * Not CloudFront custom error responses: those apply to every behavior, so the API's own 403/404
 * answers (tRPC FORBIDDEN, NOT_FOUND) would reach the client as the SPA's HTML with a 200.
 */
export const SPA_FALLBACK_FUNCTION = `function handler(event) {
  var request = event.request;
  var lastSegment = request.uri.substring(request.uri.lastIndexOf("/") + 1);
  if (lastSegment.indexOf(".") === -1) {
    request.uri = "/index.html";
  }
  return request;
}`;

/**
 * The SPA: a private S3 bucket served by CloudFront (origin access control), with `/api/*` and
 * `/admin/*` forwarded uncached to the ALB, security headers on every response, and an optional
 * WAF web ACL.
 */
export class EdgeStack extends KaviStack {
  readonly spaBucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly webAcl?: wafv2.CfnWebACL;

  constructor(scope: Construct, config: KaviEnvironmentConfig) {
    super(scope, "Edge", {
      config,
      component: "Frontend",
      description: `KAVI ${config.name}: SPA bucket and CloudFront distribution (us-east-1)`,
      region: EDGE_REGION,
    });
    const removalPolicy = config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const domainNames = [config.domains.app, ...config.domains.appAliases];
    const zone = config.domains.hostedZone
      ? route53.HostedZone.fromHostedZoneAttributes(this, "HostedZone", {
          hostedZoneId: config.domains.hostedZone.id,
          zoneName: config.domains.hostedZone.name,
        })
      : undefined;

    const logs = new s3.Bucket(this, "Logs", {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      // CloudFront standard logging writes with ACLs.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      enforceSSL: true,
      lifecycleRules: [{ id: "expire-logs", expiration: Duration.days(90) }],
      removalPolicy,
    });
    acknowledgeRule(
      logs,
      "AwsSolutions-S1",
      "This bucket receives CloudFront and S3 access logs; logging it would loop.",
    );

    // spec §3 "Static Files Bucket": versioned, AES-256, private, old versions deleted after 30 days.
    this.spaBucket = new s3.Bucket(this, "Spa", {
      versioned: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: "spa-bucket/",
      lifecycleRules: [{ id: "expire-old-versions", noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy,
    });

    const certificate = config.domains.cloudFrontCertificateArn
      ? acm.Certificate.fromCertificateArn(this, "Certificate", config.domains.cloudFrontCertificateArn)
      : new acm.Certificate(this, "Certificate", {
          domainName: config.domains.app,
          subjectAlternativeNames: [...config.domains.appAliases],
          validation: zone ? acm.CertificateValidation.fromDns(zone) : acm.CertificateValidation.fromDns(),
        });

    const securityHeaders = new cloudfront.ResponseHeadersPolicy(this, "SecurityHeaders", {
      responseHeadersPolicyName: resourceName(config, "security-headers"),
      comment: "HSTS, CSP, no sniffing, no framing, strict referrer",
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          preload: true,
          override: true,
        },
        contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy(config), override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
        xssProtection: { protection: true, modeBlock: true, override: true },
      },
      customHeadersBehavior: {
        customHeaders: [
          // The KAVI voice agent needs the microphone; nothing needs the camera or location.
          {
            header: "Permissions-Policy",
            value: "camera=(), geolocation=(), microphone=(self)",
            override: true,
          },
        ],
      },
    });

    const spaFallback = new cloudfront.Function(this, "SpaFallback", {
      functionName: resourceName(config, "spa-fallback"),
      comment: "Serve index.html for client-side routes",
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(SPA_FALLBACK_FUNCTION),
    });

    const apiBehavior: cloudfront.BehaviorOptions = {
      // The ALB's own name, so TLS to the origin validates against its certificate.
      origin: new origins.HttpOrigin(config.domains.api, {
        protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
        originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
        readTimeout: Duration.seconds(60),
        // The ALB forwards browser traffic only with this header, and the server trusts our entry in
        // X-Forwarded-For only with it; a viewer sending its own is overwritten.
        customHeaders: { [ORIGIN_VERIFY_HEADER]: originVerifyValue(config) },
      }),
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      // Every header, cookie and query string, except Host: the origin is addressed by its own name.
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: securityHeaders,
      compress: true,
    };

    if (config.waf.cloudFront) {
      this.webAcl = createWebAcl(this, "WebAcl", {
        name: resourceName(config, "cloudfront"),
        scope: "CLOUDFRONT",
        requestsPerFiveMinutesPerIp: config.waf.requestsPerFiveMinutesPerIp,
      });
    }

    this.distribution = new cloudfront.Distribution(this, "Distribution", {
      comment: `KAVI ${config.name}`,
      domainNames,
      certificate,
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      // spec §3: North America, Europe, Asia (class 200 also covers Africa, where KAVI's users are).
      priceClass: cloudfront.PriceClass.PRICE_CLASS_200,
      defaultRootObject: "index.html",
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: "cloudfront/",
      webAclId: this.webAcl?.attrArn,
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.spaBucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: securityHeaders,
        compress: true,
        functionAssociations: [
          { function: spaFallback, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
        ],
      },
      additionalBehaviors: Object.fromEntries(API_PATH_PATTERNS.map((pattern) => [pattern, apiBehavior])),
    });

    if (zone) {
      for (const [index, domainName] of domainNames.entries()) {
        const target = route53.RecordTarget.fromAlias(new route53Targets.CloudFrontTarget(this.distribution));
        new route53.ARecord(this, `Alias${index}`, { zone, recordName: domainName, target });
        new route53.AaaaRecord(this, `AliasIpv6${index}`, { zone, recordName: domainName, target });
      }
    }

    acknowledgeRule(
      this.distribution,
      "AwsSolutions-CFR1",
      "No geo restriction: Kenyan businesses use KAVI while travelling and through foreign mobile networks; abuse is handled by WAF rate limits.",
    );
    if (!config.waf.cloudFront) {
      acknowledgeRule(
        this.distribution,
        "AwsSolutions-CFR2",
        `WAF is off in ${config.name} to save its monthly cost (config.waf.cloudFront); production has it.`,
      );
    }

    new CfnOutput(this, "SpaBucketName", { value: this.spaBucket.bucketName });
    new CfnOutput(this, "DistributionId", { value: this.distribution.distributionId });
    new CfnOutput(this, "DistributionDomainName", {
      value: this.distribution.distributionDomainName,
      description: `Point ${domainNames.join(", ")} here (CNAME or alias) when Route 53 is not managed by this app`,
    });
    new CfnOutput(this, "AppUrl", { value: `https://${config.domains.app}` });
  }
}

/**
 * The SPA talks only to its own origin (`/api` through CloudFront) and reaches the uploads bucket
 * directly with pre-signed URLs (uploads, receipt images, voice notes).
 */
export function contentSecurityPolicy(config: KaviEnvironmentConfig): string {
  const uploads = `https://*.s3.${config.region}.amazonaws.com`;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob: ${uploads}`,
    `media-src 'self' blob: data: ${uploads}`,
    "font-src 'self' data:",
    `connect-src 'self' ${uploads}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "upgrade-insecure-requests",
  ].join("; ");
}
