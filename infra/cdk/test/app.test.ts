import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import type { EnvironmentName } from "../lib/config";
import { synthesizeKavi, TEST_ACCOUNT, TEST_IMAGE_TAG } from "./synthesize";
import {
  type CfnResourceJson,
  environmentOf,
  flatten,
  onlyResource,
  referencedLogicalId,
  resourceNamed,
  resourcesOfType,
  secretsOf,
} from "./template-helpers";

const kavi = synthesizeKavi();

const expectations: {
  environment: EnvironmentName;
  server: { min: number; max: number };
  worker: { min: number; max: number };
  appUrl: string;
  apiUrl: string;
  corsOrigins: string;
  logRetentionDays: number;
  loadBalancerWaf: boolean;
}[] = [
  {
    environment: "staging",
    server: { min: 1, max: 4 },
    worker: { min: 1, max: 2 },
    appUrl: "https://staging.financegrowth.co.ke",
    apiUrl: "https://staging-api.financegrowth.co.ke",
    corsOrigins: "https://staging.financegrowth.co.ke",
    logRetentionDays: 14,
    loadBalancerWaf: false,
  },
  {
    environment: "production",
    server: { min: 2, max: 10 },
    worker: { min: 1, max: 5 },
    appUrl: "https://financegrowth.co.ke",
    apiUrl: "https://api.financegrowth.co.ke",
    corsOrigins: "https://financegrowth.co.ke,https://www.financegrowth.co.ke",
    logRetentionDays: 30,
    loadBalancerWaf: true,
  },
];

/** Secret environment variables and the JSON field of which secret each one comes from. */
const SECRET_SOURCES: Record<string, [secret: RegExp, field: string | undefined]> = {
  DB_HOST: [/DatabaseCredentials/, "host"],
  DB_PORT: [/DatabaseCredentials/, "port"],
  DB_NAME: [/DatabaseCredentials/, "dbname"],
  DB_USER: [/DatabaseCredentials/, "username"],
  DB_PASSWORD: [/DatabaseCredentials/, "password"],
  REDIS_PASSWORD: [/CacheAuthToken/, "password"],
  JWT_SECRET: [/JwtSecret/, undefined],
  DATA_ENCRYPTION_KEYS: [/DataEncryptionKeys/, undefined],
  GEMINI_API_KEY: [/GeminiApiKey/, undefined],
  ELEVENLABS_API_KEY: [/ElevenLabsApiKey/, undefined],
  SMTP_URL: [/SmtpUrl/, undefined],
  DARAJA_CONSUMER_KEY: [/Daraja/, "consumerKey"],
  DARAJA_CONSUMER_SECRET: [/Daraja/, "consumerSecret"],
  DARAJA_SHORTCODE: [/Daraja/, "shortCode"],
  DARAJA_PASSKEY: [/Daraja/, "passkey"],
};

/** What only the server reads. */
const SERVER_SECRET_SOURCES: typeof SECRET_SOURCES = {
  ORIGIN_VERIFY_SECRET: [/OriginVerify/, "current"],
  METRICS_TOKEN: [/MetricsToken/, undefined],
};

describe.each(expectations)("$environment application", (expected) => {
  const { environment } = expected;
  const template = kavi.template(environment, "app");
  const taskDefinition = (family: string) =>
    resourceNamed(template, "AWS::ECS::TaskDefinition", "Family", `kavi-${environment}-${family}`)[1];
  const container = (task: CfnResourceJson) => task.Properties.ContainerDefinitions[0];

  it("runs on one Fargate cluster with Container Insights", () => {
    template.hasResourceProperties("AWS::ECS::Cluster", {
      ClusterName: `kavi-${environment}`,
      ClusterSettings: [{ Name: "containerInsights", Value: "enabled" }],
    });
  });

  describe("server", () => {
    const task = taskDefinition("server");
    const server = container(task);

    it("is 0.5 vCPU / 1 GB, listening on 8000, from this commit's image in the server repository", () => {
      expect(task.Properties).toMatchObject({
        Cpu: "512",
        Memory: "1024",
        NetworkMode: "awsvpc",
        RequiresCompatibilities: ["FARGATE"],
      });
      expect(server.PortMappings).toEqual([
        expect.objectContaining({ ContainerPort: 8000, Protocol: "tcp" }),
      ]);
      const image = flatten(server.Image);
      expect(image).toContain(".dkr.ecr.");
      expect(image).toContain("ServerRepository");
      expect(image.endsWith(`:${TEST_IMAGE_TAG}`)).toBe(true);
    });

    it("gets the settings the apps read, with production values", () => {
      expect(environmentOf(server)).toEqual({
        NODE_ENV: "production",
        PORT: "8000",
        LOG_LEVEL: environment === "production" ? "info" : "debug",
        KAVI_ENVIRONMENT: environment,
        AWS_REGION: "eu-west-1",
        APP_URL: expected.appUrl,
        API_PUBLIC_URL: expected.apiUrl,
        CORS_ORIGINS: expected.corsOrigins,
        // By address (the ALB's public subnets), never a hop count: see the security test below.
        TRUST_PROXY: "10.0.1.0/24,10.0.3.0/24",
        COOKIE_SECURE: "true",
        DB_SSL: "require",
        REDIS_HOST: expect.objectContaining({
          "Fn::GetStackOutput": expect.objectContaining({
            StackName: `Kavi-${capitalized(environment)}-Data`,
          }),
        }),
        REDIS_PORT: "6379",
        REDIS_TLS: "true",
        MAIL_FROM: expect.stringContaining("no-reply@"),
        MPESA_CALLBACK_ALLOWED_IPS: "safaricom",
        RATE_LIMIT_AUTHENTICATED_PER_HOUR: "1000",
        RATE_LIMIT_ANONYMOUS_PER_HOUR: "100",
        RATE_LIMIT_ASSISTANT_PER_MINUTE: "60",
        S3_BUCKET: `kavi-${environment}-uploads-${TEST_ACCOUNT}`,
        S3_REGION: "eu-west-1",
      });
    });

    it("gets every credential as an ECS secret, from the right secret and JSON field", () => {
      const secrets = secretsOf(server);
      const expectedSources = { ...SECRET_SOURCES, ...SERVER_SECRET_SOURCES };
      expect(Object.keys(secrets).sort()).toEqual(Object.keys(expectedSources).sort());
      for (const [name, [secret, field]] of Object.entries(expectedSources)) {
        const valueFrom = flatten(secrets[name]);
        expect(valueFrom, name).toMatch(secret);
        if (field) expect(valueFrom.endsWith(`:${field}::`), `${name} reads ${field}`).toBe(true);
        else expect(valueFrom, name).not.toMatch(/::$/);
      }
      for (const [name, value] of Object.entries(environmentOf(server))) {
        expect(name, "no secret in plain environment").not.toMatch(/PASSWORD|SECRET|KEY/);
        expect(JSON.stringify(value)).not.toContain("resolve:secretsmanager");
      }
    });

    it("checks its own health on /api/health and logs to CloudWatch", () => {
      expect(server.HealthCheck.Command.join(" ")).toContain("http://127.0.0.1:8000/api/health");
      expect(server.LogConfiguration).toMatchObject({
        LogDriver: "awslogs",
        Options: { "awslogs-stream-prefix": "server", mode: "non-blocking" },
      });
      template.hasResourceProperties("AWS::Logs::LogGroup", {
        LogGroupName: `/ecs/kavi-${environment}/server`,
        RetentionInDays: expected.logRetentionDays,
      });
    });

    it(`scales between ${expected.server.min} and ${expected.server.max} tasks on CPU 70% and memory 80%`, () => {
      const target = scalableTargetOf(`kavi-${environment}-server`);
      expect(target.Properties).toMatchObject({
        MinCapacity: expected.server.min,
        MaxCapacity: expected.server.max,
      });
      for (const [metric, value] of [
        ["ECSServiceAverageCPUUtilization", 70],
        ["ECSServiceAverageMemoryUtilization", 80],
      ] as const) {
        template.hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", {
          PolicyType: "TargetTrackingScaling",
          TargetTrackingScalingPolicyConfiguration: Match.objectLike({
            PredefinedMetricSpecification: { PredefinedMetricType: metric },
            TargetValue: value,
          }),
        });
      }
    });

    it("runs in the private application subnets behind the ALB, rolling back failed deployments", () => {
      const [, service] = resourceNamed(
        template,
        "AWS::ECS::Service",
        "ServiceName",
        `kavi-${environment}-server`,
      );
      expect(service.Properties).toMatchObject({
        LaunchType: "FARGATE",
        DeploymentConfiguration: {
          DeploymentCircuitBreaker: { Enable: true, Rollback: true },
          MinimumHealthyPercent: 100,
          MaximumPercent: 200,
        },
        LoadBalancers: [expect.objectContaining({ ContainerName: "server", ContainerPort: 8000 })],
      });
      const network = service.Properties.NetworkConfiguration.AwsvpcConfiguration;
      expect(network.AssignPublicIp).toBe("DISABLED");
      expect(JSON.stringify(network.Subnets)).toMatch(/applicationSubnet1.*applicationSubnet2/);
      expect(JSON.stringify(network.SecurityGroups)).toContain("ApplicationSecurityGroup");
      // Autoscaling owns the task count: a deploy must not reset it.
      expect(service.Properties.DesiredCount).toBeUndefined();
    });
  });

  describe("worker", () => {
    const task = taskDefinition("worker");
    const worker = container(task);

    it("runs the worker image with the same settings and secrets, and no port", () => {
      expect(flatten(worker.Image)).toContain("WorkerRepository");
      expect(worker.PortMappings ?? []).toEqual([]);
      const { PORT: _port, ...serverEnvironment } = environmentOf(container(taskDefinition("server")));
      expect(environmentOf(worker)).toEqual(serverEnvironment);
      expect(Object.keys(secretsOf(worker)).sort()).toEqual(Object.keys(SECRET_SOURCES).sort());
      expect(worker.HealthCheck.Command).toEqual(["CMD", "pgrep", "-f", "apps/worker/dist/main.js"]);
    });

    it(`scales between ${expected.worker.min} and ${expected.worker.max} tasks on the queue depth the worker publishes`, () => {
      const target = scalableTargetOf(`kavi-${environment}-worker`);
      expect(target.Properties).toMatchObject({
        MinCapacity: expected.worker.min,
        MaxCapacity: expected.worker.max,
      });
      const queueAlarm = (threshold: number, comparison: string) =>
        template.hasResourceProperties("AWS::CloudWatch::Alarm", {
          Namespace: "KAVI/Queues",
          MetricName: "WaitingJobs",
          Dimensions: [{ Name: "Environment", Value: environment }],
          Threshold: threshold,
          ComparisonOperator: comparison,
        });
      queueAlarm(100, "GreaterThanOrEqualToThreshold");
      queueAlarm(10, "LessThanOrEqualToThreshold");
      template.hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", {
        PolicyType: "StepScaling",
        StepScalingPolicyConfiguration: Match.objectLike({
          StepAdjustments: [
            { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 900, ScalingAdjustment: 1 },
            { MetricIntervalLowerBound: 900, ScalingAdjustment: 2 },
          ],
        }),
      });
    });
  });

  describe("load balancer", () => {
    it("is internet-facing in the public subnets, drops invalid headers and logs access", () => {
      const loadBalancer = onlyResource(template, "AWS::ElasticLoadBalancingV2::LoadBalancer");
      expect(loadBalancer.Properties.Scheme).toBe("internet-facing");
      expect(JSON.stringify(loadBalancer.Properties.Subnets)).toMatch(/publicSubnet1.*publicSubnet2/);
      expect(loadBalancer.Properties.LoadBalancerAttributes).toEqual(
        expect.arrayContaining([
          { Key: "routing.http.drop_invalid_header_fields.enabled", Value: "true" },
          { Key: "access_logs.s3.enabled", Value: "true" },
          { Key: "deletion_protection.enabled", Value: String(environment === "production") },
        ]),
      );
    });

    it("serves HTTPS with an ACM certificate for the API name and forwards to the server", () => {
      template.hasResourceProperties("AWS::CertificateManager::Certificate", {
        DomainName: new URL(expected.apiUrl).hostname,
        ValidationMethod: "DNS",
      });
      const listener = listenerOnPort(443);
      expect(listener.Properties).toMatchObject({
        Protocol: "HTTPS",
        SslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      });
      expect(referencedLogicalId(listener.Properties.Certificates[0].CertificateArn)).toMatch(/^Certificate/);
    });

    const forwardsToServer = () => [
      {
        Type: "forward",
        TargetGroupArn: {
          Ref: resourcesOfType(template, "AWS::ElasticLoadBalancingV2::TargetGroup")[0]?.[0],
        },
      },
    ];

    it("attack: reaching the ALB by its name with a spoofed X-Forwarded-For, bypassing CloudFront, is turned away", () => {
      expect(listenerOnPort(443).Properties.DefaultActions).toEqual([
        {
          Type: "fixed-response",
          FixedResponseConfig: {
            StatusCode: "403",
            ContentType: "text/plain",
            MessageBody: `Forbidden: use ${expected.appUrl}`,
          },
        },
      ]);
    });

    it("forwards browser traffic only with CloudFront's origin secret, read from Secrets Manager", () => {
      const rule = template.findResources("AWS::ElasticLoadBalancingV2::ListenerRule", {
        Properties: { Priority: 30 },
      });
      const [properties] = Object.values(rule).map((resource) => resource.Properties);
      expect(properties.Actions).toEqual(forwardsToServer());
      expect(properties.Conditions).toEqual([
        {
          Field: "http-header",
          HttpHeaderConfig: {
            HttpHeaderName: "X-Origin-Verify",
            Values: [`{{resolve:secretsmanager:kavi/${environment}/origin-verify:SecretString:current::}}`],
          },
        },
      ]);
    });

    it("forwards M-Pesa callbacks and health checks without the origin secret (Daraja calls the ALB directly)", () => {
      template.hasResourceProperties("AWS::ElasticLoadBalancingV2::ListenerRule", {
        Priority: 20,
        Conditions: [
          {
            Field: "path-pattern",
            PathPatternConfig: { Values: ["/api/webhooks/*", "/api/health", "/api/live", "/api/ready"] },
          },
        ],
        Actions: forwardsToServer(),
      });
    });

    it("redirects HTTP to HTTPS", () => {
      expect(listenerOnPort(80).Properties).toMatchObject({
        Protocol: "HTTP",
        DefaultActions: [
          { Type: "redirect", RedirectConfig: { Protocol: "HTTPS", Port: "443", StatusCode: "HTTP_301" } },
        ],
      });
    });

    it("health-checks the tasks on /api/health, port 8000", () => {
      template.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", {
        Port: 8000,
        Protocol: "HTTP",
        TargetType: "ip",
        HealthCheckPath: "/api/health",
        Matcher: { HttpCode: "200" },
      });
    });

    it("does not expose /metrics to the internet", () => {
      template.hasResourceProperties("AWS::ElasticLoadBalancingV2::ListenerRule", {
        Conditions: [{ Field: "path-pattern", PathPatternConfig: { Values: ["/metrics", "/metrics/*"] } }],
        Actions: [
          Match.objectLike({
            Type: "fixed-response",
            FixedResponseConfig: Match.objectLike({ StatusCode: "404" }),
          }),
        ],
      });
    });

    it(`${expected.loadBalancerWaf ? "has" : "has no"} a regional WAF web ACL`, () => {
      template.resourceCountIs("AWS::WAFv2::WebACL", expected.loadBalancerWaf ? 1 : 0);
      template.resourceCountIs("AWS::WAFv2::WebACLAssociation", expected.loadBalancerWaf ? 1 : 0);
      if (expected.loadBalancerWaf) {
        const acl = onlyResource(template, "AWS::WAFv2::WebACL");
        expect(acl.Properties.Scope).toBe("REGIONAL");
        expect(acl.Properties.Rules.map((rule: { Name: string }) => rule.Name)).toEqual([
          "AWSManagedRulesAmazonIpReputationList",
          "AWSManagedRulesCommonRuleSet",
          "AWSManagedRulesKnownBadInputsRuleSet",
          "RateLimitPerDirectIp",
        ]);
        const association = onlyResource(template, "AWS::WAFv2::WebACLAssociation");
        expect(referencedLogicalId(association.Properties.ResourceArn)).toMatch(/^LoadBalancer/);
      }
    });
  });

  if (expected.loadBalancerWaf) {
    it("attack: a spoofed X-Forwarded-For does not escape the ALB's WAF rate limit (it counts the connecting address)", () => {
      const acl = onlyResource(template, "AWS::WAFv2::WebACL");
      const json = JSON.stringify(acl.Properties.Rules);
      expect(json).not.toContain("FORWARDED_IP");
      expect(json).not.toContain("ForwardedIPConfig");
      const rule = acl.Properties.Rules.find(
        (candidate: { Name: string }) => candidate.Name === "RateLimitPerDirectIp",
      );
      expect(rule.Statement.RateBasedStatement).toMatchObject({ AggregateKeyType: "IP", Limit: 2000 });
      // Exempt only what carries the origin header off the direct paths (those are counted on CloudFront).
      const scopeDown = rule.Statement.RateBasedStatement.ScopeDownStatement.OrStatement.Statements;
      expect(scopeDown[0]).toMatchObject({
        NotStatement: {
          Statement: {
            SizeConstraintStatement: { FieldToMatch: { SingleHeader: { Name: "x-origin-verify" } } },
          },
        },
      });
      expect(
        scopeDown
          .slice(1)
          .map(
            (statement: { ByteMatchStatement: { SearchString: string } }) =>
              statement.ByteMatchStatement.SearchString,
          ),
      ).toEqual(["/api/webhooks/", "/api/health", "/api/live", "/api/ready"]);
    });
  }

  function scalableTargetOf(serviceName: string): CfnResourceJson {
    const [serviceId] = resourceNamed(template, "AWS::ECS::Service", "ServiceName", serviceName);
    const found = resourcesOfType(template, "AWS::ApplicationAutoScaling::ScalableTarget").find(
      ([, target]) => JSON.stringify(target.Properties.ResourceId).includes(serviceId),
    );
    if (!found) throw new Error(`No scalable target for ${serviceName}`);
    return found[1];
  }

  function listenerOnPort(port: number): CfnResourceJson {
    const found = resourcesOfType(template, "AWS::ElasticLoadBalancingV2::Listener").filter(
      ([, listener]) => listener.Properties.Port === port,
    );
    expect(found).toHaveLength(1);
    return (found[0] as [string, CfnResourceJson])[1];
  }
});

describe.each(expectations)("$environment migrations", ({ environment }) => {
  const template = kavi.template(environment, "migrations");

  it("is a one-off task running packages/db/dist/migrate.js from the server image, with database access only", () => {
    const [, task] = resourceNamed(
      template,
      "AWS::ECS::TaskDefinition",
      "Family",
      `kavi-${environment}-migrate`,
    );
    const migrate = task.Properties.ContainerDefinitions[0];
    expect(migrate.Command).toEqual(["node", "packages/db/dist/migrate.js"]);
    expect(flatten(migrate.Image)).toContain("ServerRepository");
    expect(flatten(migrate.Image).endsWith(`:${TEST_IMAGE_TAG}`)).toBe(true);
    expect(Object.keys(secretsOf(migrate)).sort()).toEqual([
      "DB_HOST",
      "DB_NAME",
      "DB_PASSWORD",
      "DB_PORT",
      "DB_USER",
    ]);
    expect(environmentOf(migrate)).toMatchObject({ DB_SSL: "require", KAVI_ENVIRONMENT: environment });
    template.resourceCountIs("AWS::ECS::Service", 0);
  });

  it("publishes what run-migrations.sh needs", () => {
    const outputs = Object.keys(template.findOutputs("*"));
    expect(outputs).toEqual(
      expect.arrayContaining([
        "ClusterName",
        "TaskDefinitionArn",
        "SubnetIds",
        "SecurityGroupId",
        "LogGroupName",
      ]),
    );
    template.hasOutput("ClusterName", { Value: `kavi-${environment}` });
  });
});

function capitalized(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}

describe.each(expectations)("$environment registry", ({ environment }) => {
  const template = kavi.template(environment, "registry");

  it("has immutable, scanned server and worker repositories that keep the last 50 images", () => {
    const repositories = resourcesOfType(template, "AWS::ECR::Repository").map(
      ([, repository]) => repository.Properties,
    );
    expect(repositories.map((repository) => repository.RepositoryName).sort()).toEqual([
      `kavi/${environment}/server`,
      `kavi/${environment}/worker`,
    ]);
    for (const repository of repositories) {
      expect(repository).toMatchObject({
        ImageTagMutability: "IMMUTABLE",
        ImageScanningConfiguration: { ScanOnPush: true },
      });
      const policy = JSON.parse(repository.LifecyclePolicy.LifecyclePolicyText);
      expect(policy.rules).toContainEqual(
        expect.objectContaining({
          selection: expect.objectContaining({ countType: "imageCountMoreThan", countNumber: 50 }),
        }),
      );
    }
  });
});
