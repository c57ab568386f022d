import { CfnOutput, Duration, RemovalPolicy, Size } from "aws-cdk-lib";
import * as applicationautoscaling from "aws-cdk-lib/aws-applicationautoscaling";
import * as acm from "aws-cdk-lib/aws-certificatemanager";
import * as ecs from "aws-cdk-lib/aws-ecs";
import * as elbv2 from "aws-cdk-lib/aws-elasticloadbalancingv2";
import * as logs from "aws-cdk-lib/aws-logs";
import * as route53 from "aws-cdk-lib/aws-route53";
import * as route53Targets from "aws-cdk-lib/aws-route53-targets";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as wafv2 from "aws-cdk-lib/aws-wafv2";
import type { Construct } from "constructs";
import type { KaviEnvironmentConfig } from "../config";
import {
  applicationEnvironment,
  applicationSecrets,
  serverOnlySecrets,
} from "../constructs/container-settings";
import { createWebAcl } from "../constructs/web-acl";
import { acknowledgeFindings, acknowledgeRule, ECR_AUTHORIZATION_REASON } from "../nag";
import { clusterName, containerLogGroupName, resourceName, uploadsBucketName } from "../naming";
import { acceptedOriginVerifyValues, DIRECT_PATH_PATTERNS, ORIGIN_VERIFY_HEADER } from "../origin-verify";
import { QueueMetricNames, queueMetric } from "../queue-metrics";
import type { DataStack } from "./data-stack";
import { KaviStack } from "./kavi-stack";
import { type NetworkStack, Ports, SubnetGroup } from "./network-stack";
import type { RegistryStack } from "./registry-stack";

export interface AppStackProps {
  readonly config: KaviEnvironmentConfig;
  readonly network: NetworkStack;
  readonly registry: RegistryStack;
  readonly data: DataStack;
  /** The image tag (git commit SHA) to run; passed with `-c imageTag=...`. */
  readonly imageTag: string;
}

export const HEALTH_CHECK_PATH = "/api/health";

/** `node -e` because the runtime image has no curl; Node has fetch (20+). */
const SERVER_HEALTH_COMMAND = `node -e "fetch('http://127.0.0.1:${Ports.application}${HEALTH_CHECK_PATH}').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"`;

/**
 * The running application: the ECS cluster, the server behind the ALB (HTTPS, HTTP → HTTPS) and
 * the queue worker, each with its autoscaling, log group and task definition.
 */
export class AppStack extends KaviStack {
  readonly cluster: ecs.Cluster;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly serverService: ecs.FargateService;
  readonly workerService: ecs.FargateService;
  readonly serverLogGroup: logs.LogGroup;
  readonly workerLogGroup: logs.LogGroup;
  readonly webAcl?: wafv2.CfnWebACL;

  constructor(scope: Construct, props: AppStackProps) {
    const { config, network, registry, data, imageTag } = props;
    super(scope, "App", {
      config,
      component: "Backend",
      description: `KAVI ${config.name}: ECS cluster, API server, queue worker and load balancer`,
    });
    this.addStackDependency(data);
    const applicationSubnets = { subnetGroupName: SubnetGroup.application };

    this.cluster = new ecs.Cluster(this, "Cluster", {
      clusterName: clusterName(config),
      vpc: network.vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
      enableFargateCapacityProviders: true,
    });

    this.serverLogGroup = this.containerLogGroup("ServerLogs", "server");
    this.workerLogGroup = this.containerLogGroup("WorkerLogs", "worker");

    // Server
    const serverTask = this.taskDefinition("ServerTask", "server", config.server);
    serverTask.addContainer("server", {
      containerName: "server",
      image: ecs.ContainerImage.fromEcrRepository(registry.repositories.server, imageTag),
      essential: true,
      portMappings: [{ containerPort: Ports.application, name: "http" }],
      environment: applicationEnvironment(config, data, { listensOnPort: true }),
      secrets: { ...applicationSecrets(data), ...serverOnlySecrets(config, data) },
      logging: this.logDriver(this.serverLogGroup, "server"),
      healthCheck: {
        command: ["CMD-SHELL", SERVER_HEALTH_COMMAND],
        interval: Duration.seconds(30),
        timeout: Duration.seconds(5),
        retries: 3,
        startPeriod: Duration.seconds(30),
      },
      stopTimeout: Duration.seconds(30),
    });
    // By name, not by reference: keeps the policy free of cross-stack tokens.
    const uploads = s3.Bucket.fromBucketName(this, "UploadsBucket", uploadsBucketName(config));
    uploads.grantReadWrite(serverTask.taskRole);

    this.serverService = new ecs.FargateService(this, "ServerService", {
      serviceName: resourceName(config, "server"),
      cluster: this.cluster,
      taskDefinition: serverTask,
      vpcSubnets: applicationSubnets,
      securityGroups: [network.securityGroups.application],
      assignPublicIp: false,
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { enable: true, rollback: true },
      healthCheckGracePeriod: Duration.seconds(60),
      propagateTags: ecs.PropagatedTagSource.SERVICE,
    });
    const serverScaling = this.serverService.autoScaleTaskCount({
      minCapacity: config.server.minTasks,
      maxCapacity: config.server.maxTasks,
    });
    serverScaling.scaleOnCpuUtilization("CpuTarget", {
      targetUtilizationPercent: config.server.cpuTargetPercent,
      scaleOutCooldown: Duration.seconds(60),
      scaleInCooldown: Duration.minutes(5),
    });
    serverScaling.scaleOnMemoryUtilization("MemoryTarget", {
      targetUtilizationPercent: config.server.memoryTargetPercent,
      scaleOutCooldown: Duration.seconds(60),
      scaleInCooldown: Duration.minutes(5),
    });

    // Worker: no port; scales on the queue backlog it reports itself.
    const workerTask = this.taskDefinition("WorkerTask", "worker", config.worker);
    workerTask.addContainer("worker", {
      containerName: "worker",
      image: ecs.ContainerImage.fromEcrRepository(registry.repositories.worker, imageTag),
      essential: true,
      environment: applicationEnvironment(config, data, { listensOnPort: false }),
      secrets: applicationSecrets(data),
      logging: this.logDriver(this.workerLogGroup, "worker"),
      healthCheck: {
        // Exec form: a shell's own command line would match the pattern.
        command: ["CMD", "pgrep", "-f", "apps/worker/dist/main.js"],
        interval: Duration.seconds(30),
        timeout: Duration.seconds(5),
        retries: 3,
        startPeriod: Duration.seconds(30),
      },
      // BullMQ finishes the jobs in hand on SIGTERM before closing.
      stopTimeout: Duration.seconds(120),
    });
    uploads.grantReadWrite(workerTask.taskRole);

    this.workerService = new ecs.FargateService(this, "WorkerService", {
      serviceName: resourceName(config, "worker"),
      cluster: this.cluster,
      taskDefinition: workerTask,
      vpcSubnets: applicationSubnets,
      securityGroups: [network.securityGroups.application],
      assignPublicIp: false,
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { enable: true, rollback: true },
      propagateTags: ecs.PropagatedTagSource.SERVICE,
    });
    const workerScaling = this.workerService.autoScaleTaskCount({
      minCapacity: config.worker.minTasks,
      maxCapacity: config.worker.maxTasks,
    });
    workerScaling.scaleOnMetric("QueueDepth", {
      metric: queueMetric(config, QueueMetricNames.waitingJobs, { statistic: "Maximum" }),
      adjustmentType: applicationautoscaling.AdjustmentType.CHANGE_IN_CAPACITY,
      scalingSteps: [
        { upper: config.worker.scaleInAtWaitingJobs, change: -1 },
        { lower: config.worker.scaleOutAtWaitingJobs, change: +1 },
        { lower: config.worker.scaleOutFastAtWaitingJobs, change: +2 },
      ],
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      cooldown: Duration.minutes(2),
    });

    // Load balancer
    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, "LoadBalancer", {
      loadBalancerName: resourceName(config, "alb"),
      vpc: network.vpc,
      vpcSubnets: { subnetGroupName: SubnetGroup.public },
      internetFacing: true,
      securityGroup: network.securityGroups.loadBalancer,
      dropInvalidHeaderFields: true,
      deletionProtection: config.retainData,
      http2Enabled: true,
    });
    this.loadBalancer.logAccessLogs(this.accessLogBucket(), "alb");

    this.targetGroup = new elbv2.ApplicationTargetGroup(this, "ServerTargets", {
      targetGroupName: resourceName(config, "server"),
      vpc: network.vpc,
      port: Ports.application,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targetType: elbv2.TargetType.IP,
      deregistrationDelay: Duration.seconds(30),
      healthCheck: {
        path: HEALTH_CHECK_PATH,
        healthyHttpCodes: "200",
        interval: Duration.seconds(15),
        timeout: Duration.seconds(5),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 3,
      },
    });

    const httpsListener = this.loadBalancer.addListener("Https", {
      port: Ports.https,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificates: [this.certificate(config)],
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
      // Ingress is declared in the network stack.
      open: false,
      // Browsers come through CloudFront (the rule below); anyone else reaching the ALB by its name or
      // address is turned away, so nobody can bypass CloudFront's web ACL or pose as it.
      defaultAction: elbv2.ListenerAction.fixedResponse(403, {
        contentType: "text/plain",
        messageBody: `Forbidden: use https://${config.domains.app}`,
      }),
    });
    // Prometheus metrics are for scrapers inside the VPC, not for the internet.
    httpsListener.addAction("HideMetrics", {
      priority: 10,
      conditions: [elbv2.ListenerCondition.pathPatterns(["/metrics", "/metrics/*"])],
      action: elbv2.ListenerAction.fixedResponse(404, {
        contentType: "text/plain",
        messageBody: "Not Found",
      }),
    });
    // M-Pesa callbacks (Daraja calls API_PUBLIC_URL) and health checks come straight to the ALB.
    httpsListener.addAction("DirectCallers", {
      priority: 20,
      conditions: [elbv2.ListenerCondition.pathPatterns([...DIRECT_PATH_PATTERNS])],
      action: elbv2.ListenerAction.forward([this.targetGroup]),
    });
    httpsListener.addAction("ViaCloudFront", {
      priority: 30,
      conditions: [
        elbv2.ListenerCondition.httpHeader(ORIGIN_VERIFY_HEADER, acceptedOriginVerifyValues(config)),
      ],
      action: elbv2.ListenerAction.forward([this.targetGroup]),
    });
    this.loadBalancer.addListener("HttpRedirect", {
      port: Ports.http,
      protocol: elbv2.ApplicationProtocol.HTTP,
      open: false,
      defaultAction: elbv2.ListenerAction.redirect({
        protocol: "HTTPS",
        port: String(Ports.https),
        permanent: true,
      }),
    });
    this.serverService.attachToApplicationTargetGroup(this.targetGroup);

    if (config.waf.loadBalancer) {
      this.webAcl = createWebAcl(this, "WebAcl", {
        name: resourceName(config, "alb"),
        scope: "REGIONAL",
        requestsPerFiveMinutesPerIp: config.waf.requestsPerFiveMinutesPerIp,
      });
      new wafv2.CfnWebACLAssociation(this, "WebAclAssociation", {
        resourceArn: this.loadBalancer.loadBalancerArn,
        webAclArn: this.webAcl.attrArn,
      });
    }

    const zone = hostedZone(this, config);
    if (zone) {
      new route53.ARecord(this, "ApiAlias", {
        zone,
        recordName: config.domains.api,
        target: route53.RecordTarget.fromAlias(new route53Targets.LoadBalancerTarget(this.loadBalancer)),
      });
    }

    new CfnOutput(this, "ClusterName", { value: this.cluster.clusterName });
    new CfnOutput(this, "ServerServiceName", { value: this.serverService.serviceName });
    new CfnOutput(this, "WorkerServiceName", { value: this.workerService.serviceName });
    new CfnOutput(this, "LoadBalancerDnsName", {
      value: this.loadBalancer.loadBalancerDnsName,
      description: `Point ${config.domains.api} here (CNAME or alias) when Route 53 is not managed by this app`,
    });
    new CfnOutput(this, "ApiUrl", { value: `https://${config.domains.api}` });

    this.acknowledgeNagFindings([serverTask, workerTask], uploads);
  }

  private containerLogGroup(id: string, container: string): logs.LogGroup {
    return new logs.LogGroup(this, id, {
      logGroupName: containerLogGroupName(this.config, container),
      retention: this.config.application.logRetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }

  private taskDefinition(
    id: string,
    name: string,
    sizing: { cpu: number; memoryMiB: number },
  ): ecs.FargateTaskDefinition {
    return new ecs.FargateTaskDefinition(this, id, {
      family: resourceName(this.config, name),
      cpu: sizing.cpu,
      memoryLimitMiB: sizing.memoryMiB,
      runtimePlatform: {
        cpuArchitecture: ecs.CpuArchitecture.X86_64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });
  }

  private logDriver(logGroup: logs.ILogGroup, streamPrefix: string): ecs.LogDriver {
    return ecs.LogDrivers.awsLogs({
      logGroup,
      streamPrefix,
      // Never block the event loop on CloudWatch Logs; buffer instead.
      mode: ecs.AwsLogDriverMode.NON_BLOCKING,
      maxBufferSize: Size.mebibytes(25),
    });
  }

  private accessLogBucket(): s3.Bucket {
    const bucket = new s3.Bucket(this, "LoadBalancerLogs", {
      // ALB access logs support SSE-S3 only.
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      lifecycleRules: [{ id: "expire-alb-logs", expiration: Duration.days(90) }],
      removalPolicy: this.config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    acknowledgeRule(
      bucket,
      "AwsSolutions-S1",
      "This bucket receives the ALB's access logs; logging it would loop.",
    );
    return bucket;
  }

  private certificate(config: KaviEnvironmentConfig): acm.ICertificate {
    if (config.domains.loadBalancerCertificateArn) {
      return acm.Certificate.fromCertificateArn(
        this,
        "Certificate",
        config.domains.loadBalancerCertificateArn,
      );
    }
    const zone = hostedZone(this, config);
    return new acm.Certificate(this, "Certificate", {
      domainName: config.domains.api,
      // Without a hosted zone, the deploy waits until the CNAME shown in the ACM console is added.
      validation: zone ? acm.CertificateValidation.fromDns(zone) : acm.CertificateValidation.fromDns(),
    });
  }

  private acknowledgeNagFindings(tasks: ecs.FargateTaskDefinition[], uploads: s3.IBucket): void {
    for (const task of tasks) {
      acknowledgeRule(
        task,
        "AwsSolutions-ECS2",
        "Only non-secret settings (URLs, limits, log level, endpoints) are environment variables; every credential is injected from Secrets Manager through `secrets`.",
      );
      acknowledgeFindings(task, "AwsSolutions-IAM5", ["Resource::*"], ECR_AUTHORIZATION_REASON);
      acknowledgeFindings(
        task,
        "AwsSolutions-IAM5",
        [
          "Action::s3:GetObject*",
          "Action::s3:GetBucket*",
          "Action::s3:List*",
          "Action::s3:DeleteObject*",
          "Action::s3:Abort*",
          `Resource::${this.resolve(uploads.arnForObjects("*"))}`,
        ],
        "Task role: read, write and delete objects in the uploads bucket only. The wildcards are the object keys and the S3 action families of grantReadWrite (GetObject*, List*, ...), all limited to that bucket.",
      );
    }
  }
}

function hostedZone(scope: Construct, config: KaviEnvironmentConfig): route53.IHostedZone | undefined {
  const zone = config.domains.hostedZone;
  if (!zone) return undefined;
  const existing = scope.node.tryFindChild("HostedZone") as route53.IHostedZone | undefined;
  return (
    existing ??
    route53.HostedZone.fromHostedZoneAttributes(scope, "HostedZone", {
      hostedZoneId: zone.id,
      zoneName: zone.name,
    })
  );
}
