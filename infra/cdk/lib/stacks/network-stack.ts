import { CfnResource, RemovalPolicy } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as logs from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import type { KaviEnvironmentConfig } from "../config";
import { ExplicitSubnetCidrs } from "../constructs/explicit-subnet-cidrs";
import { acknowledgeRule } from "../nag";
import { resourceName } from "../naming";
import { KaviStack } from "./kavi-stack";

/** Subnet group names, used to place resources. */
export const SubnetGroup = {
  public: "public",
  application: "application",
  database: "database",
} as const;

export const Ports = {
  http: 80,
  https: 443,
  application: 8000,
  postgres: 5432,
  redis: 6379,
  smtpSubmission: 587,
} as const;

export interface KaviSecurityGroups {
  readonly loadBalancer: ec2.SecurityGroup;
  readonly application: ec2.SecurityGroup;
  readonly database: ec2.SecurityGroup;
  readonly cache: ec2.SecurityGroup;
}

/**
 * spec §3: the VPC (two AZs, public / private application / isolated database tiers) and the
 * security groups. Every rule between tiers is declared here, so this file is the whole picture.
 */
export class NetworkStack extends KaviStack {
  readonly vpc: ec2.Vpc;
  readonly securityGroups: KaviSecurityGroups;

  constructor(scope: Construct, config: KaviEnvironmentConfig) {
    super(scope, "Network", {
      config,
      component: "Network",
      description: `KAVI ${config.name}: VPC, subnets, NAT and security groups`,
    });
    const { network } = config;

    this.vpc = new ec2.Vpc(this, "Vpc", {
      vpcName: resourceName(config, "vpc"),
      // Given, not looked up: synthesis must work offline.
      availabilityZones: [...network.availabilityZones],
      ipAddresses: new ExplicitSubnetCidrs(network.vpcCidr, network.availabilityZones, {
        [SubnetGroup.public]: network.subnetCidrs.public,
        [SubnetGroup.application]: network.subnetCidrs.application,
        [SubnetGroup.database]: network.subnetCidrs.database,
      }),
      subnetConfiguration: [
        {
          name: SubnetGroup.public,
          subnetType: ec2.SubnetType.PUBLIC,
          cidrMask: 24,
          mapPublicIpOnLaunch: false,
        },
        { name: SubnetGroup.application, subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
        { name: SubnetGroup.database, subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
      natGateways: network.natGateways,
      natGatewaySubnets: { subnetGroupName: SubnetGroup.public },
      enableDnsHostnames: true,
      enableDnsSupport: true,
    });

    for (const subnet of [
      ...this.vpc.publicSubnets,
      ...this.vpc.privateSubnets,
      ...this.vpc.isolatedSubnets,
    ]) {
      acknowledgeRule(
        subnet,
        "CloudFormation-Validate::W3010",
        "The zones are named on purpose: the specification fixes each subnet's CIDR per zone, and naming them keeps synthesis free of account lookups.",
      );
    }

    const flowLogs = new logs.LogGroup(this, "FlowLogs", {
      logGroupName: `/vpc/${resourceName(config, "vpc")}/flow-logs`,
      retention: network.flowLogRetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.vpc.addFlowLog("FlowLog", {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });

    // Uploads and ECR image layers go to S3 without paying for NAT data processing.
    this.vpc.addGatewayEndpoint("S3Endpoint", {
      service: ec2.GatewayVpcEndpointAwsService.S3,
      subnets: [{ subnetGroupName: SubnetGroup.application }],
    });

    this.securityGroups = this.createSecurityGroups(config);
    this.retainCustomResourceLogsBriefly(config);
  }

  /**
   * CDK restricts the VPC's default security group with a custom-resource Lambda. Send its logs to a
   * group with the spec's retention for `/aws/lambda/kavi-*` (7 days) instead of a never-expiring one.
   */
  private retainCustomResourceLogsBriefly(config: KaviEnvironmentConfig): void {
    const provider = this.node.tryFindChild("Custom::VpcRestrictDefaultSGCustomResourceProvider");
    const handler = provider?.node.tryFindChild("Handler");
    if (!(handler instanceof CfnResource)) return;
    const logGroup = new logs.LogGroup(this, "RestrictDefaultSecurityGroupLogs", {
      logGroupName: `/aws/lambda/${resourceName(config, "restrict-default-security-group")}`,
      retention: logs.RetentionDays.ONE_WEEK,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    handler.addPropertyOverride("LoggingConfig", { LogGroup: logGroup.logGroupName });
    handler.addDependency(logGroup.node.defaultChild as CfnResource);
  }

  /** The configured zones: CDK would otherwise look them up in the account (no offline synth). */
  override get availabilityZones(): string[] {
    return [...this.config.network.availabilityZones];
  }

  private createSecurityGroups(config: KaviEnvironmentConfig): KaviSecurityGroups {
    const group = (id: string, name: string, description: string) =>
      new ec2.SecurityGroup(this, id, {
        vpc: this.vpc,
        securityGroupName: resourceName(config, name),
        description,
        // Outbound traffic is listed rule by rule below.
        allowAllOutbound: false,
      });

    const loadBalancer = group("LoadBalancerSecurityGroup", "alb", "KAVI ALB: HTTPS and HTTP from anywhere");
    const application = group(
      "ApplicationSecurityGroup",
      "app",
      "KAVI ECS tasks: API port from the ALB only",
    );
    const database = group("DatabaseSecurityGroup", "rds", "KAVI PostgreSQL: from the application only");
    const cache = group("CacheSecurityGroup", "redis", "KAVI Redis: from the application only");

    loadBalancer.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(Ports.https), "HTTPS from anywhere");
    loadBalancer.addIngressRule(
      ec2.Peer.anyIpv4(),
      ec2.Port.tcp(Ports.http),
      "HTTP from anywhere, redirected to HTTPS",
    );
    loadBalancer.addEgressRule(application, ec2.Port.tcp(Ports.application), "To the API tasks");

    application.addIngressRule(loadBalancer, ec2.Port.tcp(Ports.application), "API from the ALB only");
    application.addEgressRule(
      ec2.Peer.anyIpv4(),
      ec2.Port.tcp(Ports.https),
      "HTTPS: AWS APIs, ECR, M-Pesa Daraja, Gemini, ElevenLabs",
    );
    application.addEgressRule(
      ec2.Peer.anyIpv4(),
      ec2.Port.tcp(Ports.smtpSubmission),
      "SMTP submission (STARTTLS) for SMTP_URL",
    );
    application.addEgressRule(database, ec2.Port.tcp(Ports.postgres), "To PostgreSQL");
    application.addEgressRule(cache, ec2.Port.tcp(Ports.redis), "To Redis");

    database.addIngressRule(
      application,
      ec2.Port.tcp(Ports.postgres),
      "PostgreSQL from the application only",
    );
    cache.addIngressRule(application, ec2.Port.tcp(Ports.redis), "Redis from the application only");

    acknowledgeRule(
      loadBalancer,
      "AwsSolutions-EC23",
      "The ALB is the public entry point (spec §3: 443 and 80 from 0.0.0.0/0); 80 only redirects to 443. AWS WAF filters requests in production.",
    );

    return { loadBalancer, application, database, cache };
  }
}
