import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import type { EnvironmentName } from "../lib/config";
import { synthesizeKavi, TEST_ACCOUNT } from "./synthesize";
import {
  type CfnResourceJson,
  flatten,
  onlyResource,
  referencedLogicalId,
  resourceNamed,
  resourcesOfType,
} from "./template-helpers";

const kavi = synthesizeKavi();

interface AlarmExpectation {
  name: string;
  severity: "critical" | "warning";
  threshold: number;
  comparison: string;
  evaluationPeriods: number;
  /** Single-metric alarms: the metric and its period in seconds. */
  metric?: { namespace: string; name: string; period: number; statistic: string };
  /** Metric-math alarms: the expression. */
  expression?: string;
}

const gt = "GreaterThanThreshold";

/** spec §7 CloudWatch Alarms, plus the queue alarms from the worker contract. */
const ALARMS: AlarmExpectation[] = [
  {
    name: "alb-5xx-rate",
    severity: "critical",
    threshold: 5,
    comparison: gt,
    evaluationPeriods: 5,
    expression: "IF(requests > 0, 100 * (FILL(elb5xx, 0) + FILL(target5xx, 0)) / requests, 0)",
  },
  {
    name: "rds-cpu",
    severity: "critical",
    threshold: 90,
    comparison: gt,
    evaluationPeriods: 10,
    metric: { namespace: "AWS/RDS", name: "CPUUtilization", period: 60, statistic: "Average" },
  },
  {
    name: "ecs-task-failures",
    severity: "critical",
    threshold: 2,
    comparison: gt,
    evaluationPeriods: 1,
    metric: { namespace: "KAVI/{env}/Logs", name: "EcsTaskFailures", period: 300, statistic: "Sum" },
  },
  {
    name: "application-errors",
    severity: "critical",
    threshold: 10,
    comparison: gt,
    evaluationPeriods: 1,
    expression: "FILL(server, 0) + FILL(worker, 0)",
  },
  {
    name: "server-no-healthy-targets",
    severity: "critical",
    threshold: 1,
    comparison: "LessThanThreshold",
    evaluationPeriods: 2,
    metric: { namespace: "AWS/ApplicationELB", name: "HealthyHostCount", period: 60, statistic: "Minimum" },
  },
  {
    name: "queue-oldest-waiting-job",
    severity: "critical",
    threshold: 300,
    comparison: gt,
    evaluationPeriods: 10,
    metric: {
      namespace: "KAVI/Queues",
      name: "OldestWaitingJobAgeSeconds",
      period: 60,
      statistic: "Maximum",
    },
  },
  {
    name: "alb-response-time",
    severity: "warning",
    threshold: 1,
    comparison: gt,
    evaluationPeriods: 3,
    metric: {
      namespace: "AWS/ApplicationELB",
      name: "TargetResponseTime",
      period: 300,
      statistic: "Average",
    },
  },
  {
    name: "rds-connections",
    severity: "warning",
    threshold: 80,
    comparison: gt,
    evaluationPeriods: 5,
    metric: { namespace: "AWS/RDS", name: "DatabaseConnections", period: 60, statistic: "Maximum" },
  },
  {
    name: "server-cpu",
    severity: "warning",
    threshold: 70,
    comparison: gt,
    evaluationPeriods: 6,
    metric: { namespace: "AWS/ECS", name: "CPUUtilization", period: 300, statistic: "Average" },
  },
  {
    name: "worker-cpu",
    severity: "warning",
    threshold: 70,
    comparison: gt,
    evaluationPeriods: 6,
    metric: { namespace: "AWS/ECS", name: "CPUUtilization", period: 300, statistic: "Average" },
  },
  {
    name: "uploads-bucket-size",
    severity: "warning",
    threshold: -1, // per environment, below
    comparison: gt,
    evaluationPeriods: 1,
    metric: { namespace: "AWS/S3", name: "BucketSizeBytes", period: 86_400, statistic: "Average" },
  },
  {
    name: "redis-memory",
    severity: "warning",
    threshold: 80,
    comparison: gt,
    evaluationPeriods: 3,
    expression: "MAX([node1, node2])",
  },
  {
    name: "queue-failed-jobs",
    severity: "warning",
    threshold: 1,
    comparison: "GreaterThanOrEqualToThreshold",
    evaluationPeriods: 1,
    metric: { namespace: "KAVI/Queues", name: "FailedJobs", period: 300, statistic: "Sum" },
  },
];

const expectations: {
  environment: EnvironmentName;
  uploadsAlarmBytes: number;
  redisNodes: number;
  budget: { limit: number; warning: number; critical: number; investigate: number };
}[] = [
  {
    environment: "staging",
    uploadsAlarmBytes: 0.8 * 2 * 1024 ** 3,
    redisNodes: 1,
    budget: { limit: 60, warning: 52, critical: 60, investigate: 69 },
  },
  {
    environment: "production",
    uploadsAlarmBytes: 0.8 * 10 * 1024 ** 3,
    redisNodes: 2,
    // spec §10: $100 warning, $115 critical, $130 investigate.
    budget: { limit: 115, warning: 100, critical: 115, investigate: 130 },
  },
];

describe.each(expectations)("$environment monitoring", (expected) => {
  const { environment } = expected;
  const template = kavi.template(environment, "monitoring");
  const topicId = (severity: string) =>
    resourceNamed(template, "AWS::SNS::Topic", "TopicName", `kavi-${environment}-alarms-${severity}`)[0];

  it("notifies through an encrypted, TLS-only topic per severity, with the configured email subscribed", () => {
    for (const severity of ["critical", "warning"]) {
      const [, topic] = resourceNamed(
        template,
        "AWS::SNS::Topic",
        "TopicName",
        `kavi-${environment}-alarms-${severity}`,
      );
      expect(referencedLogicalId(topic.Properties.KmsMasterKeyId)).toMatch(/^NotificationsKey/);
      template.hasResourceProperties("AWS::SNS::Subscription", {
        Protocol: "email",
        Endpoint: "ops@financegrowth.co.ke",
        TopicArn: { Ref: topicId(severity) },
      });
    }
    template.hasResourceProperties("AWS::SNS::TopicPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
          Match.objectLike({ Sid: "AllowBudgetsToPublish", Principal: { Service: "budgets.amazonaws.com" } }),
        ]),
      },
    });
  });

  it("has exactly the specified alarms", () => {
    const names = resourcesOfType(template, "AWS::CloudWatch::Alarm").map(
      ([, alarm]) => alarm.Properties.AlarmName,
    );
    expect(names.sort()).toEqual(ALARMS.map((alarm) => `kavi-${environment}-${alarm.name}`).sort());
  });

  it.each(ALARMS)(
    "alarm $name: $severity, $comparison $threshold over $evaluationPeriods period(s)",
    (spec) => {
      const [, alarm] = resourceNamed(
        template,
        "AWS::CloudWatch::Alarm",
        "AlarmName",
        `kavi-${environment}-${spec.name}`,
      );
      const threshold = spec.name === "uploads-bucket-size" ? expected.uploadsAlarmBytes : spec.threshold;
      const expression =
        spec.name === "redis-memory" && expected.redisNodes === 1 ? "MAX([node1])" : spec.expression;
      expect(alarm.Properties).toMatchObject({
        Threshold: threshold,
        ComparisonOperator: spec.comparison,
        EvaluationPeriods: spec.evaluationPeriods,
        DatapointsToAlarm: spec.evaluationPeriods,
        AlarmActions: [{ Ref: topicId(spec.severity) }],
      });
      expect(alarm.Properties.AlarmDescription).toMatch(
        new RegExp(`^\\[${spec.severity.toUpperCase()}\\] .+ Runbook: docs/operations.md#${spec.name}$`),
      );
      // Critical alarms also say when they clear, so the pager resolves.
      expect(alarm.Properties.OKActions).toEqual(
        spec.severity === "critical" ? [{ Ref: topicId("critical") }] : undefined,
      );
      if (spec.metric) {
        const stat = metricStatOf(alarm);
        expect(stat).toEqual({
          namespace: spec.metric.namespace.replace("{env}", environment),
          name: spec.metric.name,
          period: spec.metric.period,
          statistic: spec.metric.statistic,
        });
      } else {
        const expressions = (alarm.Properties.Metrics as { Expression?: string }[]).map(
          (metric) => metric.Expression,
        );
        expect(expressions).toContain(expression);
      }
    },
  );

  it("reads the 5XX rate as ELB + target 5XX over all requests, per minute", () => {
    const [, alarm] = resourceNamed(
      template,
      "AWS::CloudWatch::Alarm",
      "AlarmName",
      `kavi-${environment}-alb-5xx-rate`,
    );
    const inputs = Object.fromEntries(
      (
        alarm.Properties.Metrics as {
          Id: string;
          MetricStat?: { Metric: { MetricName: string }; Period: number; Stat: string };
        }[]
      )
        .filter((metric) => metric.MetricStat)
        .map((metric) => [metric.Id, metric.MetricStat]),
    );
    expect(inputs).toEqual({
      requests: expect.objectContaining({
        Metric: expect.objectContaining({ MetricName: "RequestCount" }),
        Period: 60,
        Stat: "Sum",
      }),
      elb5xx: expect.objectContaining({
        Metric: expect.objectContaining({ MetricName: "HTTPCode_ELB_5XX_Count" }),
        Stat: "Sum",
      }),
      target5xx: expect.objectContaining({
        Metric: expect.objectContaining({ MetricName: "HTTPCode_Target_5XX_Count" }),
        Stat: "Sum",
      }),
    });
  });

  it("counts failed service tasks from ECS events, and error log lines from the apps' JSON logs", () => {
    const rule = resourceNamed(
      template,
      "AWS::Events::Rule",
      "Name",
      `kavi-${environment}-ecs-task-failures`,
    )[1];
    expect(rule.Properties.EventPattern).toMatchObject({
      source: ["aws.ecs"],
      "detail-type": ["ECS Task State Change"],
      detail: {
        lastStatus: ["STOPPED"],
        group: [{ prefix: "service:" }],
        $or: [
          { stopCode: ["TaskFailedToStart", "EssentialContainerExited"] },
          { stoppedReason: [{ wildcard: "*health check*" }] },
        ],
      },
    });
    const [logGroupId] = resourceNamed(
      template,
      "AWS::Logs::LogGroup",
      "LogGroupName",
      `/aws/events/kavi-${environment}-ecs-task-failures`,
    );
    expect(rule.Properties.Targets[0].Arn).toEqual({
      "Fn::Join": ["", [`arn:aws:logs:eu-west-1:${TEST_ACCOUNT}:log-group:`, { Ref: logGroupId }]],
    });
    template.hasResourceProperties("AWS::Logs::MetricFilter", {
      LogGroupName: { Ref: logGroupId },
      MetricTransformations: [
        { MetricName: "EcsTaskFailures", MetricNamespace: `KAVI/${environment}/Logs`, MetricValue: "1" },
      ],
    });
    // EventBridge may write into that log group.
    const logPolicy = flatten(onlyResource(template, "AWS::Logs::ResourcePolicy").Properties.PolicyDocument);
    expect(logPolicy).toContain('"Service":["events.amazonaws.com","delivery.logs.amazonaws.com"]');
    expect(logPolicy).toContain('"Action":["logs:CreateLogStream","logs:PutLogEvents"]');
    template.hasResourceProperties("AWS::Logs::MetricFilter", {
      FilterPattern: '{ ($.level >= 50) || ($.level = "error") || ($.level = "fatal") }',
      MetricTransformations: [
        { MetricName: "ServerErrors", MetricNamespace: `KAVI/${environment}/Logs`, MetricValue: "1" },
      ],
    });
  });

  it("tells the warning topic about failed deployments and failed backups", () => {
    for (const [name, detailType] of [
      ["ecs-deployment-failures", "ECS Deployment State Change"],
      ["backup-failures", "Backup Job State Change"],
    ] as const) {
      const rule = resourceNamed(template, "AWS::Events::Rule", "Name", `kavi-${environment}-${name}`)[1];
      expect(rule.Properties.EventPattern["detail-type"]).toContain(detailType);
      expect(rule.Properties.Targets).toEqual([
        expect.objectContaining({ Arn: { Ref: topicId("warning") } }),
      ]);
    }
  });

  it("has a dashboard with the spec's application and business widgets", () => {
    const dashboard = onlyResource(template, "AWS::CloudWatch::Dashboard");
    expect(dashboard.Properties.DashboardName).toBe(`kavi-${environment}-operations`);
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    const titles = [...body.matchAll(/\\"title\\":\\"([^\\]+)\\"/g)].map((match) => match[1]);
    expect(titles).toEqual(
      expect.arrayContaining([
        // Application dashboard (spec §7)
        "ECS CPU utilization",
        "ECS memory utilization",
        "ALB target response time",
        "ALB request count",
        "ALB 4XX/5XX errors",
        "RDS CPU utilization",
        "RDS database connections",
        // Business dashboard (spec §7)
        "API calls per endpoint",
        "User registrations",
        "Transactions created",
        "KAVI conversations",
        "KAVI assistant: answers, fallbacks, grounding rejections, tool errors",
        "KAVI assistant latency by brain (ms)",
        "KAVI assistant speech: requests, cache hits, syntheses, failures, synthesis p95 (ms)",
        "Error rates by type",
        // Queues
        "Queue backlog (waiting + delayed jobs)",
        "Oldest waiting job (s) and failed jobs",
      ]),
    );
    expect(body).toContain(`SOURCE '/ecs/kavi-${environment}/server'`);
    expect(body).toContain('procedure in [\\\\\\"auth.signUp\\\\\\"]');
    expect(body).toContain("sum(assistant.ungrounded) as groundingRejections");
    expect(body).toContain("sum(speech.cacheHit) as cacheHits");
    expect(body).toContain(`SOURCE '/ecs/kavi-${environment}/worker'`);
  });

  it(`has a monthly budget of $${expected.budget.limit} for this environment, alerting at $${expected.budget.warning} / $${expected.budget.critical} / $${expected.budget.investigate}`, () => {
    const budget = onlyResource(template, "AWS::Budgets::Budget").Properties;
    expect(budget.Budget).toEqual({
      BudgetName: `kavi-${environment}-monthly`,
      BudgetType: "COST",
      TimeUnit: "MONTHLY",
      BudgetLimit: { Amount: expected.budget.limit, Unit: "USD" },
      FilterExpression: {
        Tags: {
          Key: "Environment",
          Values: [environment === "production" ? "Production" : "Staging"],
          MatchOptions: ["EQUALS"],
        },
      },
    });
    const notifications = (
      budget.NotificationsWithSubscribers as {
        Notification: Record<string, unknown>;
        Subscribers: { Address: unknown }[];
      }[]
    ).map(({ Notification, Subscribers }) => ({
      type: Notification.NotificationType,
      threshold: Notification.Threshold,
      thresholdType: Notification.ThresholdType,
      topic: Subscribers.map((subscriber) => referencedLogicalId(subscriber.Address)),
    }));
    expect(notifications).toEqual([
      {
        type: "ACTUAL",
        threshold: expected.budget.warning,
        thresholdType: "ABSOLUTE_VALUE",
        topic: [topicId("warning")],
      },
      {
        type: "ACTUAL",
        threshold: expected.budget.critical,
        thresholdType: "ABSOLUTE_VALUE",
        topic: [topicId("critical")],
      },
      {
        type: "ACTUAL",
        threshold: expected.budget.investigate,
        thresholdType: "ABSOLUTE_VALUE",
        topic: [topicId("critical")],
      },
      {
        type: "FORECASTED",
        threshold: expected.budget.critical,
        thresholdType: "ABSOLUTE_VALUE",
        topic: [topicId("warning")],
      },
    ]);
  });
});

function metricStatOf(alarm: CfnResourceJson): {
  namespace: string;
  name: string;
  period: number;
  statistic: string;
} {
  const properties = alarm.Properties;
  if (properties.MetricName) {
    return {
      namespace: properties.Namespace,
      name: properties.MetricName,
      period: properties.Period,
      statistic: properties.Statistic ?? properties.ExtendedStatistic,
    };
  }
  const [only] = properties.Metrics as {
    MetricStat: { Metric: { Namespace: string; MetricName: string }; Period: number; Stat: string };
  }[];
  if (!only) throw new Error("alarm has no metric");
  return {
    namespace: only.MetricStat.Metric.Namespace,
    name: only.MetricStat.Metric.MetricName,
    period: only.MetricStat.Period,
    statistic: only.MetricStat.Stat,
  };
}
