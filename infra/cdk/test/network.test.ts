import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import type { EnvironmentName } from "../lib/config";
import { synthesizeKavi } from "./synthesize";
import { type CfnResourceJson, referencedLogicalId, resourcesOfType, tagValue } from "./template-helpers";

const kavi = synthesizeKavi();

/** spec §3 VPC Configuration. */
const SPEC_SUBNETS = [
  { tier: "public", az: "eu-west-1a", cidr: "10.0.1.0/24" },
  { tier: "public", az: "eu-west-1b", cidr: "10.0.3.0/24" },
  { tier: "application", az: "eu-west-1a", cidr: "10.0.2.0/24" },
  { tier: "application", az: "eu-west-1b", cidr: "10.0.4.0/24" },
  { tier: "database", az: "eu-west-1a", cidr: "10.0.5.0/24" },
  { tier: "database", az: "eu-west-1b", cidr: "10.0.6.0/24" },
];

const expectations: { environment: EnvironmentName; natGateways: number }[] = [
  { environment: "staging", natGateways: 1 },
  { environment: "production", natGateways: 2 },
];

describe.each(expectations)("$environment network", ({ environment, natGateways }) => {
  const template = kavi.template(environment, "network");

  it("is the specification's 10.0.0.0/16 VPC", () => {
    template.resourceCountIs("AWS::EC2::VPC", 1);
    template.hasResourceProperties("AWS::EC2::VPC", {
      CidrBlock: "10.0.0.0/16",
      EnableDnsHostnames: true,
      EnableDnsSupport: true,
    });
  });

  it("has exactly the specified subnets, tier by tier and zone by zone", () => {
    const subnets = resourcesOfType(template, "AWS::EC2::Subnet").map(([, subnet]) => ({
      tier: tagValue(subnet, "aws-cdk:subnet-name"),
      az: subnet.Properties.AvailabilityZone,
      cidr: subnet.Properties.CidrBlock,
    }));
    expect(subnets).toHaveLength(6);
    expect(subnets).toEqual(expect.arrayContaining(SPEC_SUBNETS));
  });

  it(`has ${natGateways} NAT gateway(s) in the public subnets`, () => {
    template.resourceCountIs("AWS::EC2::NatGateway", natGateways);
    const publicSubnetIds = subnetIdsOfTier("public");
    for (const [, nat] of resourcesOfType(template, "AWS::EC2::NatGateway")) {
      expect(publicSubnetIds).toContain(referencedLogicalId(nat.Properties.SubnetId));
    }
  });

  it("routes public subnets to the internet gateway, application subnets to a NAT, database subnets nowhere", () => {
    const defaultRouteOf = (tier: string) =>
      subnetIdsOfTier(tier).map((subnetId) => {
        const routeTable = routeTableOf(subnetId);
        const route = resourcesOfType(template, "AWS::EC2::Route").find(
          ([, candidate]) =>
            referencedLogicalId(candidate.Properties.RouteTableId) === routeTable &&
            candidate.Properties.DestinationCidrBlock === "0.0.0.0/0",
        )?.[1];
        if (!route) return "none";
        if (route.Properties.GatewayId) return "internet-gateway";
        if (route.Properties.NatGatewayId) return "nat";
        return "other";
      });
    expect(defaultRouteOf("public")).toEqual(["internet-gateway", "internet-gateway"]);
    expect(defaultRouteOf("application")).toEqual(["nat", "nat"]);
    expect(defaultRouteOf("database")).toEqual(["none", "none"]);
  });

  it("logs VPC flows to CloudWatch with a retention", () => {
    template.hasResourceProperties("AWS::EC2::FlowLog", {
      TrafficType: "ALL",
      LogDestinationType: "cloud-watch-logs",
    });
    template.hasResourceProperties("AWS::Logs::LogGroup", { RetentionInDays: 14 });
  });

  it("keeps the default-security-group custom resource's Lambda logs 7 days (spec: /aws/lambda/kavi-*)", () => {
    const logGroupName = `/aws/lambda/kavi-${environment}-restrict-default-security-group`;
    template.hasResourceProperties("AWS::Logs::LogGroup", { LogGroupName: logGroupName, RetentionInDays: 7 });
    const [, handler] = resourcesOfType(template, "AWS::Lambda::Function")[0] ?? [];
    expect(handler?.Properties.LoggingConfig).toEqual({
      LogGroup: { Ref: expect.stringMatching(/^RestrictDefaultSecurityGroupLogs/) },
    });
    template.resourceCountIs("AWS::Lambda::Function", 1);
  });

  it("reaches S3 through a gateway endpoint", () => {
    template.hasResourceProperties("AWS::EC2::VPCEndpoint", {
      VpcEndpointType: "Gateway",
      ServiceName: Match.objectLike({ "Fn::Join": Match.arrayWith([Match.arrayWith([".s3"])]) }),
    });
  });

  describe("security groups (spec §3)", () => {
    const rules = collectRules(resourcesOfType(template, "AWS::EC2::SecurityGroup"), [
      ...resourcesOfType(template, "AWS::EC2::SecurityGroupIngress").map(([, rule]) => ({
        ...rule,
        kind: "ingress" as const,
      })),
      ...resourcesOfType(template, "AWS::EC2::SecurityGroupEgress").map(([, rule]) => ({
        ...rule,
        kind: "egress" as const,
      })),
    ]);

    it("lets in exactly: ALB 443/80 from anywhere, API 8000 from the ALB, 5432 and 6379 from the API", () => {
      expect(rules.ingress.sort()).toEqual(
        [
          "alb <- 0.0.0.0/0 :443",
          "alb <- 0.0.0.0/0 :80",
          "app <- alb :8000",
          "rds <- app :5432",
          "redis <- app :6379",
        ].sort(),
      );
    });

    it("lets out only what each tier needs; the database and Redis initiate nothing", () => {
      expect(rules.egress.sort()).toEqual(
        [
          "alb -> app :8000",
          "app -> 0.0.0.0/0 :443",
          "app -> 0.0.0.0/0 :587",
          "app -> rds :5432",
          "app -> redis :6379",
          // CDK's placeholder for "no egress at all".
          "rds -> 255.255.255.255/32 :252",
          "redis -> 255.255.255.255/32 :252",
        ].sort(),
      );
    });

    it("adds no rule from any other stack", () => {
      for (const part of ["data", "app", "migrations", "monitoring"] as const) {
        const other = kavi.template(environment, part);
        other.resourceCountIs("AWS::EC2::SecurityGroupIngress", 0);
        other.resourceCountIs("AWS::EC2::SecurityGroupEgress", 0);
        other.resourceCountIs("AWS::EC2::SecurityGroup", 0);
      }
    });
  });

  function subnetIdsOfTier(tier: string): string[] {
    return resourcesOfType(template, "AWS::EC2::Subnet")
      .filter(([, subnet]) => tagValue(subnet, "aws-cdk:subnet-name") === tier)
      .map(([id]) => id);
  }

  function routeTableOf(subnetId: string): string | undefined {
    const association = resourcesOfType(template, "AWS::EC2::SubnetRouteTableAssociation").find(
      ([, candidate]) => referencedLogicalId(candidate.Properties.SubnetId) === subnetId,
    );
    return referencedLogicalId(association?.[1].Properties.RouteTableId);
  }
});

/** Renders every rule as `group <- source :port` / `group -> destination :port`, groups by short name. */
function collectRules(
  groups: [string, CfnResourceJson][],
  standalone: (CfnResourceJson & { kind: "ingress" | "egress" })[],
): { ingress: string[]; egress: string[] } {
  const shortName = new Map(
    groups.map(([id, group]) => [id, String(group.Properties.GroupName).replace(/^kavi-[a-z]+-/, "")]),
  );
  const peer = (rule: Record<string, unknown>) =>
    (rule.CidrIp as string | undefined) ??
    shortName.get(referencedLogicalId(rule.SourceSecurityGroupId ?? rule.DestinationSecurityGroupId) ?? "") ??
    "unknown";
  const ingress: string[] = [];
  const egress: string[] = [];
  for (const [id, group] of groups) {
    for (const rule of group.Properties.SecurityGroupIngress ?? []) {
      ingress.push(`${shortName.get(id)} <- ${peer(rule)} :${rule.FromPort}`);
    }
    for (const rule of group.Properties.SecurityGroupEgress ?? []) {
      egress.push(`${shortName.get(id)} -> ${peer(rule)} :${rule.FromPort}`);
    }
  }
  for (const rule of standalone) {
    const group = shortName.get(referencedLogicalId(rule.Properties.GroupId) ?? "");
    const arrow = rule.kind === "ingress" ? "<-" : "->";
    (rule.kind === "ingress" ? ingress : egress).push(
      `${group} ${arrow} ${peer(rule.Properties)} :${rule.Properties.FromPort}`,
    );
  }
  return { ingress, egress };
}
