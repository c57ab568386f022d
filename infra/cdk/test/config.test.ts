import { SubnetType } from "aws-cdk-lib/aws-ec2";
import { describe, expect, it } from "vitest";
import {
  environments,
  type KaviEnvironmentConfig,
  PLACEHOLDER_ACCOUNT,
  resolveEnvironmentConfig,
  validateConfig,
} from "../lib/config";
import { ExplicitSubnetCidrs } from "../lib/constructs/explicit-subnet-cidrs";

describe("environment configuration", () => {
  it("differs between staging and production only where intended", () => {
    const { staging, production } = environments;
    expect(production.network.natGateways).toBe(2);
    expect(staging.network.natGateways).toBe(1);
    expect([production.database.multiAz, staging.database.multiAz]).toEqual([true, false]);
    expect([production.cache.automaticFailover, staging.cache.automaticFailover]).toEqual([true, false]);
    // Same network plan and database shape in both: staging rehearses production.
    expect(staging.network.subnetCidrs).toEqual(production.network.subnetCidrs);
    expect(staging.database.backupWindow).toBe(production.database.backupWindow);
    expect(staging.database.instanceType).toBe(production.database.instanceType);
  });

  it("applies per-deployment overrides", () => {
    const config = resolveEnvironmentConfig("production", {
      account: "210987654321",
      region: "af-south-1",
      alarmEmails: ["oncall@example.com"],
      hostedZone: { id: "Z123", name: "financegrowth.co.ke" },
    });
    expect(config.account).toBe("210987654321");
    expect(config.region).toBe("af-south-1");
    expect(config.network.availabilityZones).toEqual(["af-south-1a", "af-south-1b"]);
    expect(config.alarms.emails).toEqual(["oncall@example.com"]);
    expect(config.domains.hostedZone).toEqual({ id: "Z123", name: "financegrowth.co.ke" });
    // The checked-in configuration is untouched.
    expect(environments.production.account).toBe(PLACEHOLDER_ACCOUNT);
  });

  it.each<[string, (config: KaviEnvironmentConfig) => KaviEnvironmentConfig, RegExp]>([
    ["a malformed account", (config) => ({ ...config, account: "12345" }), /account must be 12 digits/],
    [
      "failover on one Redis node",
      (config) => ({ ...config, cache: { ...config.cache, nodes: 1, automaticFailover: true } }),
      /automatic failover needs at least 2 nodes/,
    ],
    [
      "a server minimum above its maximum",
      (config) => ({ ...config, server: { ...config.server, minTasks: 5, maxTasks: 2 } }),
      /server: need 1 <= minTasks <= maxTasks/,
    ],
    [
      "worker scale-in above scale-out",
      (config) => ({ ...config, worker: { ...config.worker, scaleInAtWaitingJobs: 500 } }),
      /scaleInAtWaitingJobs must be below/,
    ],
    [
      "budget thresholds out of order",
      (config) => ({ ...config, budget: { ...config.budget, warningUsd: 200 } }),
      /warning <= critical <= investigate/,
    ],
    [
      "a CloudFront certificate outside us-east-1",
      (config) => ({
        ...config,
        domains: {
          ...config.domains,
          cloudFrontCertificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/x",
        },
      }),
      /must be a us-east-1 certificate/,
    ],
    [
      "a backup copy into the same region",
      (config) => ({ ...config, backup: { ...config.backup, copyToRegion: config.region } }),
      /copyToRegion must differ/,
    ],
    [
      "an ALB web ACL without CloudFront's (browser traffic would go uncounted by viewer)",
      (config) => ({ ...config, waf: { ...config.waf, cloudFront: false, loadBalancer: true } }),
      /enable waf.cloudFront too/,
    ],
  ])("rejects %s", (_, change, message) => {
    expect(() => validateConfig(change(environments.production))).toThrow(message);
  });

  it("accepts both checked-in environments", () => {
    expect(() => validateConfig(environments.production)).not.toThrow();
    expect(() => validateConfig(environments.staging)).not.toThrow();
  });
});

describe("ExplicitSubnetCidrs", () => {
  const zones = ["eu-west-1a", "eu-west-1b"];
  const request = (name: string, availabilityZone: string) => ({
    availabilityZone,
    subnetConstructId: `${name}${availabilityZone}`,
    configuration: { name, subnetType: SubnetType.PUBLIC },
  });

  it("hands each subnet the CIDR configured for its group and zone, whatever the request order", () => {
    const allocator = new ExplicitSubnetCidrs("10.0.0.0/16", zones, {
      public: ["10.0.1.0/24", "10.0.3.0/24"],
      database: ["10.0.5.0/24", "10.0.6.0/24"],
    });
    expect(allocator.allocateVpcCidr()).toEqual({ cidrBlock: "10.0.0.0/16" });
    const { allocatedSubnets } = allocator.allocateSubnetsCidr({
      vpcCidr: "10.0.0.0/16",
      requestedSubnets: [
        request("database", "eu-west-1b"),
        request("public", "eu-west-1a"),
        request("public", "eu-west-1b"),
        request("database", "eu-west-1a"),
      ],
    });
    expect(allocatedSubnets.map((subnet) => subnet.cidr)).toEqual([
      "10.0.6.0/24",
      "10.0.1.0/24",
      "10.0.3.0/24",
      "10.0.5.0/24",
    ]);
  });

  it("refuses a group or zone it has no CIDR for, and CIDRs outside the VPC", () => {
    const allocator = new ExplicitSubnetCidrs("10.0.0.0/16", zones, {
      public: ["10.0.1.0/24", "10.1.3.0/24"],
    });
    const allocate = (name: string, zone: string) =>
      allocator.allocateSubnetsCidr({ vpcCidr: "10.0.0.0/16", requestedSubnets: [request(name, zone)] });
    expect(() => allocate("private", "eu-west-1a")).toThrow(/No CIDR configured for subnet group "private"/);
    expect(() => allocate("public", "eu-west-1c")).toThrow(/No CIDR configured/);
    expect(() => allocate("public", "eu-west-1b")).toThrow(/10.1.3.0\/24 is outside the VPC/);
  });
});
