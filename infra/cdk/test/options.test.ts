import { App } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { resolveEnvironmentConfig } from "../lib/config";
import { addKaviEnvironment } from "../lib/kavi-app";
import { cdkJsonContext, TEST_ACCOUNT, TEST_IMAGE_TAG } from "./synthesize";
import { onlyResource } from "./template-helpers";

/** Per-deployment options (bin/kavi.ts context): existing certificates and a Route 53 zone. */
describe("production with existing certificates and a hosted zone", () => {
  const loadBalancerCertificateArn = `arn:aws:acm:eu-west-1:${TEST_ACCOUNT}:certificate/11111111-2222-3333-4444-555555555555`;
  const cloudFrontCertificateArn = `arn:aws:acm:us-east-1:${TEST_ACCOUNT}:certificate/66666666-7777-8888-9999-000000000000`;
  const app = new App({ context: cdkJsonContext() });
  const stacks = addKaviEnvironment(
    app,
    resolveEnvironmentConfig("production", {
      account: TEST_ACCOUNT,
      loadBalancerCertificateArn,
      cloudFrontCertificateArn,
      hostedZone: { id: "Z0123456789ABCDEFGHIJ", name: "financegrowth.co.ke" },
      alarmEmails: ["oncall@financegrowth.co.ke", "cto@financegrowth.co.ke"],
    }),
    { imageTag: TEST_IMAGE_TAG },
  );
  const appTemplate = Template.fromStack(stacks.app);
  const edgeTemplate = Template.fromStack(stacks.edge);

  it("uses the given certificates instead of issuing new ones", () => {
    appTemplate.resourceCountIs("AWS::CertificateManager::Certificate", 0);
    appTemplate.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", {
      Port: 443,
      Certificates: [{ CertificateArn: loadBalancerCertificateArn }],
    });
    edgeTemplate.resourceCountIs("AWS::CertificateManager::Certificate", 0);
    expect(
      onlyResource(edgeTemplate, "AWS::CloudFront::Distribution").Properties.DistributionConfig
        .ViewerCertificate,
    ).toMatchObject({ AcmCertificateArn: cloudFrontCertificateArn });
  });

  it("points the API name at the ALB and the app names at CloudFront, IPv4 and IPv6", () => {
    appTemplate.hasResourceProperties("AWS::Route53::RecordSet", {
      Name: "api.financegrowth.co.ke.",
      Type: "A",
      HostedZoneId: "Z0123456789ABCDEFGHIJ",
    });
    for (const name of ["financegrowth.co.ke.", "www.financegrowth.co.ke."]) {
      for (const type of ["A", "AAAA"]) {
        edgeTemplate.hasResourceProperties("AWS::Route53::RecordSet", {
          Name: name,
          Type: type,
          AliasTarget: {
            DNSName: { "Fn::GetAtt": [Match.stringLikeRegexp("^Distribution"), "DomainName"] },
            HostedZoneId: Match.anyValue(),
          },
        });
      }
    }
  });

  it("subscribes every configured address to both alarm topics", () => {
    const monitoring = Template.fromStack(stacks.monitoring);
    monitoring.resourceCountIs("AWS::SNS::Subscription", 4);
    monitoring.hasResourceProperties("AWS::SNS::Subscription", { Endpoint: "cto@financegrowth.co.ke" });
  });
});

/** Rotating the CloudFront origin secret (docs/operations.md): a staged deploy with these context values. */
describe("production while the origin secret is rotated", () => {
  const app = new App({ context: cdkJsonContext() });
  const stacks = addKaviEnvironment(
    app,
    resolveEnvironmentConfig("production", {
      account: TEST_ACCOUNT,
      originVerify: { acceptPrevious: true, versionId: "11111111-2222-3333-4444-555555555555" },
    }),
    { imageTag: TEST_IMAGE_TAG },
  );
  const reference = (field: string) =>
    `{{resolve:secretsmanager:kavi/production/origin-verify:SecretString:${field}::11111111-2222-3333-4444-555555555555}}`;

  it("has the ALB accept the current and the previous value, read at the named version", () => {
    Template.fromStack(stacks.app).hasResourceProperties("AWS::ElasticLoadBalancingV2::ListenerRule", {
      Conditions: [
        {
          Field: "http-header",
          HttpHeaderConfig: {
            HttpHeaderName: "X-Origin-Verify",
            Values: [reference("current"), reference("previous")],
          },
        },
      ],
    });
  });

  it("gives the server both values, and CloudFront the new one", () => {
    const server = Template.fromStack(stacks.app).findResources("AWS::ECS::TaskDefinition", {
      Properties: { Family: "kavi-production-server" },
    });
    const secrets = Object.values(server)[0]?.Properties.ContainerDefinitions[0].Secrets.map(
      (secret: { Name: string }) => secret.Name,
    );
    expect(secrets).toEqual(
      expect.arrayContaining(["ORIGIN_VERIFY_SECRET", "ORIGIN_VERIFY_SECRET_PREVIOUS"]),
    );
    const distribution = onlyResource(Template.fromStack(stacks.edge), "AWS::CloudFront::Distribution");
    expect(JSON.stringify(distribution.Properties.DistributionConfig.Origins)).toContain(
      reference("current"),
    );
  });
});
