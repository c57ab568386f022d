import { ArnFormat, Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import * as budgets from "aws-cdk-lib/aws-budgets";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as cloudwatchActions from "aws-cdk-lib/aws-cloudwatch-actions";
import * as elbv2 from "aws-cdk-lib/aws-elasticloadbalancingv2";
import * as events from "aws-cdk-lib/aws-events";
import * as eventsTargets from "aws-cdk-lib/aws-events-targets";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as logs from "aws-cdk-lib/aws-logs";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import type { Construct } from "constructs";
import type { KaviEnvironmentConfig } from "../config";
import { capitalize, containerLogGroupName, resourceName } from "../naming";
import { QueueMetricNames, queueMetric } from "../queue-metrics";
import type { AppStack } from "./app-stack";
import type { DataStack } from "./data-stack";
import { KaviStack } from "./kavi-stack";

export interface MonitoringStackProps {
  readonly config: KaviEnvironmentConfig;
  readonly data: DataStack;
  readonly app: AppStack;
}

export type Severity = "critical" | "warning";

/**
 * CloudWatch metric filters cannot attach a fixed dimension, so metrics derived from logs carry the
 * environment in their namespace (the worker's own metrics use an `Environment` dimension instead).
 */
export function logMetricsNamespace(config: KaviEnvironmentConfig): string {
  return `KAVI/${config.name}/Logs`;
}

/**
 * spec §7 Monitoring & Logging: the application and business dashboards, the critical and warning
 * alarms, and where they go (one SNS topic per severity: page on critical, email on warning),
 * plus the monthly budget (spec §10).
 */
export class MonitoringStack extends KaviStack {
  readonly topics: Readonly<Record<Severity, sns.Topic>>;
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, props: MonitoringStackProps) {
    const { config, data, app } = props;
    super(scope, "Monitoring", {
      config,
      component: "Monitoring",
      description: `KAVI ${config.name}: dashboard, alarms, notifications and budget`,
    });

    this.topics = this.createTopics(config);
    const taskFailures = this.ecsTaskFailureMetric(config, app);
    const errors = {
      server: this.applicationErrorMetric(config, app.serverLogGroup, "ServerErrors"),
      worker: this.applicationErrorMetric(config, app.workerLogGroup, "WorkerErrors"),
    };
    const metrics = new KaviMetrics(config, data, app);

    // Critical (spec §7, paged)
    this.alarm("alb-5xx-rate", "critical", {
      metric: metrics.loadBalancer5xxPercent,
      threshold: 5,
      evaluationPeriods: 5,
      description: "More than 5% of requests answered 5XX (ALB or tasks) for 5 minutes.",
    });
    this.alarm("rds-cpu", "critical", {
      metric: data.database.instance.metricCPUUtilization({ period: Duration.minutes(1) }),
      threshold: 90,
      evaluationPeriods: 10,
      description: "PostgreSQL CPU above 90% for 10 minutes.",
    });
    this.alarm("ecs-task-failures", "critical", {
      metric: taskFailures,
      threshold: 2,
      evaluationPeriods: 1,
      description:
        "More than 2 server/worker tasks failed (failed to start, exited, or failed health checks) in 5 minutes.",
    });
    this.alarm("application-errors", "critical", {
      metric: new cloudwatch.MathExpression({
        expression: "FILL(server, 0) + FILL(worker, 0)",
        usingMetrics: { server: errors.server, worker: errors.worker },
        period: Duration.minutes(1),
        label: "Error log lines per minute",
      }),
      threshold: 10,
      evaluationPeriods: 1,
      description: "More than 10 error-level log lines per minute from the server and worker.",
    });
    this.alarm("server-no-healthy-targets", "critical", {
      metric: app.targetGroup.metrics.healthyHostCount({ period: Duration.minutes(1), statistic: "Minimum" }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 2,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      description: "No healthy API task behind the load balancer for 2 minutes: the API is down.",
    });
    this.alarm("queue-oldest-waiting-job", "critical", {
      metric: queueMetric(config, QueueMetricNames.oldestWaitingJobAgeSeconds, { statistic: "Maximum" }),
      threshold: config.alarms.oldestWaitingJobSeconds,
      evaluationPeriods: 10,
      description: `A queued job has waited more than ${config.alarms.oldestWaitingJobSeconds} s for 10 minutes: workers are stuck or too few.`,
    });

    // Warning (spec §7, email)
    this.alarm("alb-response-time", "warning", {
      metric: app.loadBalancer.metrics.targetResponseTime({
        period: Duration.minutes(5),
        statistic: "Average",
      }),
      threshold: 1,
      evaluationPeriods: 3,
      description: "Average API response time above 1 s for 15 minutes.",
    });
    this.alarm("rds-connections", "warning", {
      metric: data.database.instance.metricDatabaseConnections({
        period: Duration.minutes(1),
        statistic: "Maximum",
      }),
      threshold: Math.floor(data.database.maxConnections * 0.8),
      evaluationPeriods: 5,
      description: `PostgreSQL connections above 80% of max_connections (${data.database.maxConnections}) for 5 minutes.`,
    });
    for (const [name, service] of [
      ["server", app.serverService],
      ["worker", app.workerService],
    ] as const) {
      this.alarm(`${name}-cpu`, "warning", {
        metric: service.metricCpuUtilization({ period: Duration.minutes(5) }),
        threshold: 70,
        evaluationPeriods: 6,
        description: `ECS ${name} CPU above 70% for 30 minutes (autoscaling is not keeping up, or is at its maximum).`,
      });
    }
    this.alarm("uploads-bucket-size", "warning", {
      metric: metrics.uploadsBucketBytes,
      threshold: config.alarms.uploadsExpectedSizeGiB * 0.8 * 1024 ** 3,
      evaluationPeriods: 1,
      description: `Uploads bucket above 80% of the expected ${config.alarms.uploadsExpectedSizeGiB} GiB.`,
    });
    this.alarm("redis-memory", "warning", {
      metric: metrics.redisMemoryPercent,
      threshold: 80,
      evaluationPeriods: 3,
      description:
        "Redis memory above 80%. With noeviction, BullMQ writes fail when it is full: scale the node type or drain queues.",
    });
    this.alarm("queue-failed-jobs", "warning", {
      metric: queueMetric(config, QueueMetricNames.failedJobs, {
        statistic: "Sum",
        period: Duration.minutes(5),
      }),
      threshold: config.alarms.failedJobsPerFiveMinutes,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      description: "Jobs exhausted their retries and moved to the failed set (see /admin/queues).",
    });

    this.notifyOnEvents(config, app);
    this.dashboard = this.createDashboard(config, data, app, metrics, { taskFailures, errors });
    this.createBudget(config);
  }

  private createTopics(config: KaviEnvironmentConfig): Record<Severity, sns.Topic> {
    const key = new kms.Key(this, "NotificationsKey", {
      alias: `alias/${resourceName(config, "notifications")}`,
      description: `KAVI ${config.name}: encrypts the alarm topics`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    // The services that publish to the encrypted topics need the key.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "AllowAwsServicesToPublishToEncryptedTopics",
        principals: ["cloudwatch", "events", "budgets"].map(
          (service) => new iam.ServicePrincipal(`${service}.amazonaws.com`),
        ),
        actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
        resources: ["*"],
        conditions: { StringEquals: { "aws:SourceAccount": this.account } },
      }),
    );

    const topic = (severity: Severity) => {
      const created = new sns.Topic(this, `${capitalize(severity)}Topic`, {
        topicName: resourceName(config, `alarms-${severity}`),
        displayName: `KAVI ${config.name} ${severity}`,
        masterKey: key,
        enforceSSL: true,
      });
      for (const email of config.alarms.emails)
        created.addSubscription(new subscriptions.EmailSubscription(email));
      created.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: "AllowBudgetsToPublish",
          principals: [new iam.ServicePrincipal("budgets.amazonaws.com")],
          actions: ["sns:Publish"],
          resources: [created.topicArn],
          conditions: { StringEquals: { "aws:SourceAccount": this.account } },
        }),
      );
      return created;
    };
    const topics = { critical: topic("critical"), warning: topic("warning") };
    if (config.alarms.pagerEndpoint) {
      topics.critical.addSubscription(new subscriptions.UrlSubscription(config.alarms.pagerEndpoint));
    }
    return topics;
  }

  private alarm(
    name: string,
    severity: Severity,
    props: {
      metric: cloudwatch.IMetric;
      threshold: number;
      evaluationPeriods: number;
      description: string;
      comparisonOperator?: cloudwatch.ComparisonOperator;
      treatMissingData?: cloudwatch.TreatMissingData;
    },
  ): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, `Alarm-${name}`, {
      alarmName: resourceName(this.config, name),
      alarmDescription: `[${severity.toUpperCase()}] ${props.description} Runbook: docs/operations.md#${name}`,
      metric: props.metric,
      threshold: props.threshold,
      comparisonOperator: props.comparisonOperator ?? cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: props.evaluationPeriods,
      datapointsToAlarm: props.evaluationPeriods,
      treatMissingData: props.treatMissingData ?? cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const action = new cloudwatchActions.SnsAction(this.topics[severity]);
    alarm.addAlarmAction(action);
    // Critical alarms page; tell the pager when they clear.
    if (severity === "critical") alarm.addOkAction(action);
    this.alarms.push(alarm);
    return alarm;
  }

  /**
   * There is no CloudWatch metric for failed ECS tasks: EventBridge sends the service tasks' failure
   * events to a log group, and a metric filter counts them.
   */
  private ecsTaskFailureMetric(config: KaviEnvironmentConfig, app: AppStack): cloudwatch.Metric {
    const logGroup = new logs.LogGroup(this, "TaskFailureEvents", {
      logGroupName: `/aws/events/${resourceName(config, "ecs-task-failures")}`,
      retention: config.application.logRetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    new logs.CfnResourcePolicy(this, "TaskFailureEventsPolicy", {
      policyName: resourceName(config, "events-to-task-failure-log"),
      policyDocument: Stack.of(this).toJsonString({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "EventBridgeWritesTaskFailures",
            Effect: "Allow",
            Principal: { Service: ["events.amazonaws.com", "delivery.logs.amazonaws.com"] },
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: logGroup.logGroupArn,
          },
        ],
      }),
    });
    const logGroupTarget: events.IRuleTarget = {
      // The target ARN is the log group's without the trailing ":*".
      bind: () => ({
        arn: Stack.of(this).formatArn({
          service: "logs",
          resource: "log-group",
          resourceName: logGroup.logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      }),
    };
    new events.Rule(this, "TaskFailures", {
      ruleName: resourceName(config, "ecs-task-failures"),
      description: "Service tasks that failed to start, exited, or failed their health checks",
      eventPattern: {
        source: ["aws.ecs"],
        detailType: ["ECS Task State Change"],
        detail: {
          clusterArn: [app.cluster.clusterArn],
          lastStatus: ["STOPPED"],
          // Services only: the migration task exits by design.
          group: [{ prefix: "service:" }],
          $or: [
            { stopCode: ["TaskFailedToStart", "EssentialContainerExited"] },
            { stoppedReason: [{ wildcard: "*health check*" }] },
          ],
        },
      },
      targets: [logGroupTarget],
    });
    new logs.MetricFilter(this, "TaskFailureCount", {
      logGroup,
      filterPattern: logs.FilterPattern.allEvents(),
      metricNamespace: logMetricsNamespace(config),
      metricName: "EcsTaskFailures",
      metricValue: "1",
    });
    return new cloudwatch.Metric({
      namespace: logMetricsNamespace(config),
      metricName: "EcsTaskFailures",
      statistic: "Sum",
      period: Duration.minutes(5),
      label: "Failed tasks",
    });
  }

  /** Error and fatal log lines (pino: numeric level >= 50, or the level name when labels are used). */
  private applicationErrorMetric(
    config: KaviEnvironmentConfig,
    logGroup: logs.ILogGroup,
    metricName: string,
  ): cloudwatch.Metric {
    new logs.MetricFilter(this, `${metricName}Filter`, {
      logGroup,
      filterPattern: logs.FilterPattern.any(
        logs.FilterPattern.numberValue("$.level", ">=", 50),
        logs.FilterPattern.stringValue("$.level", "=", "error"),
        logs.FilterPattern.stringValue("$.level", "=", "fatal"),
      ),
      metricNamespace: logMetricsNamespace(config),
      metricName,
      metricValue: "1",
    });
    return new cloudwatch.Metric({
      namespace: logMetricsNamespace(config),
      metricName,
      statistic: "Sum",
      period: Duration.minutes(1),
    });
  }

  /** Events that need a person even though no metric crosses a threshold. */
  private notifyOnEvents(config: KaviEnvironmentConfig, app: AppStack): void {
    new events.Rule(this, "DeploymentFailures", {
      ruleName: resourceName(config, "ecs-deployment-failures"),
      description: "An ECS deployment failed and was rolled back by the circuit breaker",
      eventPattern: {
        source: ["aws.ecs"],
        detailType: ["ECS Deployment State Change"],
        resources: [app.serverService.serviceArn, app.workerService.serviceArn],
        detail: { eventName: ["SERVICE_DEPLOYMENT_FAILED"] },
      },
      targets: [new eventsTargets.SnsTopic(this.topics.warning)],
    });
    // spec 002 §Alerting: "Failed backup operations".
    new events.Rule(this, "BackupFailures", {
      ruleName: resourceName(config, "backup-failures"),
      description: "An AWS Backup or copy job of this environment failed",
      eventPattern: {
        source: ["aws.backup"],
        detailType: ["Backup Job State Change", "Copy Job State Change"],
        detail: {
          state: ["FAILED", "ABORTED", "EXPIRED"],
          backupVaultName: [resourceName(config, "backups")],
        },
      },
      targets: [new eventsTargets.SnsTopic(this.topics.warning)],
    });
  }

  private createDashboard(
    config: KaviEnvironmentConfig,
    data: DataStack,
    app: AppStack,
    metrics: KaviMetrics,
    derived: { taskFailures: cloudwatch.IMetric; errors: Record<"server" | "worker", cloudwatch.IMetric> },
  ): cloudwatch.Dashboard {
    const dashboard = new cloudwatch.Dashboard(this, "Dashboard", {
      dashboardName: resourceName(config, "operations"),
      defaultInterval: Duration.hours(6),
    });
    const graph = (
      title: string,
      left: cloudwatch.IMetric[],
      extra: Partial<cloudwatch.GraphWidgetProps> = {},
    ) => new cloudwatch.GraphWidget({ title, left, width: 8, height: 6, ...extra });
    const alb = app.loadBalancer.metrics;
    const minute = { period: Duration.minutes(1) };
    const db = data.database.instance;
    // Literal names keep the queries readable in the console's dashboard source.
    const logGroupNames = [containerLogGroupName(config, "server")];
    const procedureParse = "parse req.url /^\\/api\\/trpc\\/(?<procedure>[^?]+)/";
    const perHour = (title: string, procedureFilter: string, counted: string) =>
      new cloudwatch.LogQueryWidget({
        title,
        logGroupNames,
        width: 8,
        height: 6,
        view: cloudwatch.LogQueryVisualizationType.LINE,
        queryLines: [
          "fields @timestamp",
          "filter ispresent(req.url) and res.statusCode < 400",
          procedureParse,
          `filter ${procedureFilter}`,
          `stats count(*) as ${counted} by bin(1h)`,
        ],
      });
    const quoted = (values: readonly string[]) =>
      `[${values.map((value) => JSON.stringify(value)).join(", ")}]`;

    dashboard.addWidgets(
      new cloudwatch.TextWidget({
        markdown: `# KAVI ${config.name}: application\nAlarms and runbooks: docs/operations.md`,
        width: 24,
        height: 1,
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({ title: "Alarms", alarms: this.alarms, width: 24, height: 3 }),
    );
    dashboard.addWidgets(
      graph(
        "ECS CPU utilization",
        [app.serverService.metricCpuUtilization(minute), app.workerService.metricCpuUtilization(minute)],
        {
          leftAnnotations: [{ value: 70, label: "alarm (30 min)" }],
        },
      ),
      graph("ECS memory utilization", [
        app.serverService.metricMemoryUtilization(minute),
        app.workerService.metricMemoryUtilization(minute),
      ]),
      graph(
        "ALB target response time",
        [
          alb.targetResponseTime({ ...minute, statistic: "Average", label: "average" }),
          alb.targetResponseTime({ ...minute, statistic: "p95", label: "p95" }),
        ],
        {
          leftAnnotations: [
            { value: 1, label: "alarm (avg, 15 min)" },
            { value: 0.2, label: "p95 target" },
          ],
        },
      ),
    );
    dashboard.addWidgets(
      graph("ALB request count", [alb.requestCount({ ...minute, statistic: "Sum" })]),
      graph(
        "ALB 4XX/5XX errors",
        [
          alb.httpCodeElb(elbv2.HttpCodeElb.ELB_4XX_COUNT, { ...minute, statistic: "Sum" }),
          alb.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { ...minute, statistic: "Sum" }),
          alb.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_4XX_COUNT, { ...minute, statistic: "Sum" }),
          alb.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { ...minute, statistic: "Sum" }),
        ],
        { right: [metrics.loadBalancer5xxPercent] },
      ),
      graph("RDS CPU utilization", [db.metricCPUUtilization(minute)], {
        leftAnnotations: [{ value: 90, label: "alarm (10 min)" }],
      }),
    );
    dashboard.addWidgets(
      graph("RDS database connections", [db.metricDatabaseConnections({ ...minute, statistic: "Maximum" })], {
        leftAnnotations: [{ value: Math.floor(data.database.maxConnections * 0.8), label: "80% of max" }],
      }),
      graph(
        "Queue backlog (waiting + delayed jobs)",
        [queueMetric(config, QueueMetricNames.waitingJobs, { statistic: "Maximum" })],
        {
          right: [
            new cloudwatch.Metric({
              namespace: "ECS/ContainerInsights",
              metricName: "RunningTaskCount",
              dimensionsMap: {
                ClusterName: app.cluster.clusterName,
                ServiceName: app.workerService.serviceName,
              },
              statistic: "Average",
              period: Duration.minutes(1),
              label: "worker tasks",
            }),
          ],
        },
      ),
      graph(
        "Oldest waiting job (s) and failed jobs",
        [queueMetric(config, QueueMetricNames.oldestWaitingJobAgeSeconds, { statistic: "Maximum" })],
        { right: [queueMetric(config, QueueMetricNames.failedJobs, { statistic: "Sum" })] },
      ),
    );
    dashboard.addWidgets(
      graph("Redis memory (%)", [metrics.redisMemoryPercent], {
        leftAnnotations: [{ value: 80, label: "alarm" }],
      }),
      graph("Task failures and error log lines", [derived.taskFailures], {
        right: [derived.errors.server, derived.errors.worker],
      }),
      graph("Uploads bucket size (bytes)", [metrics.uploadsBucketBytes]),
    );

    dashboard.addWidgets(
      new cloudwatch.TextWidget({ markdown: `# KAVI ${config.name}: business`, width: 24, height: 1 }),
    );
    dashboard.addWidgets(
      new cloudwatch.LogQueryWidget({
        title: "API calls per endpoint",
        logGroupNames,
        width: 8,
        height: 6,
        view: cloudwatch.LogQueryVisualizationType.TABLE,
        queryLines: [
          "fields @timestamp",
          "filter ispresent(req.url)",
          procedureParse,
          "stats count(*) as calls by procedure",
          "sort calls desc",
          "limit 25",
        ],
      }),
      perHour(
        "User registrations",
        `procedure in ${quoted(config.businessMetrics.registrationProcedures)}`,
        "registrations",
      ),
      perHour(
        "Transactions created",
        `procedure in ${quoted(config.businessMetrics.transactionCreateProcedures)}`,
        "transactions",
      ),
    );
    dashboard.addWidgets(
      perHour(
        "KAVI conversations",
        `procedure like ${JSON.stringify(config.businessMetrics.assistantProcedurePrefix)}`,
        "conversations",
      ),
      new cloudwatch.LogQueryWidget({
        title: "KAVI assistant: answers, fallbacks, grounding rejections, tool errors",
        logGroupNames,
        width: 8,
        height: 6,
        view: cloudwatch.LogQueryVisualizationType.LINE,
        queryLines: [
          "fields @timestamp",
          'filter msg = "assistant answered"',
          "stats count(*) as answers, sum(assistant.fellBack) as fallbacks, sum(assistant.ungrounded) as groundingRejections, sum(assistant.toolErrors) as toolErrors by bin(1h)",
        ],
      }),
      new cloudwatch.LogQueryWidget({
        title: "KAVI assistant latency by brain (ms)",
        logGroupNames,
        width: 8,
        height: 6,
        view: cloudwatch.LogQueryVisualizationType.TABLE,
        queryLines: [
          "fields @timestamp",
          'filter msg = "assistant answered"',
          "stats count(*) as answers, pct(assistant.durationMs, 50) as p50, pct(assistant.durationMs, 95) as p95 by assistant.brain, assistant.fallback",
        ],
      }),
    );
    dashboard.addWidgets(
      // Read aloud: the server logs each request ("speech requested"), the worker each synthesis attempt
      // ("speech synthesized", also EMF metrics in KAVI/Assistant): the worker has no /metrics of its own.
      new cloudwatch.LogQueryWidget({
        title: "KAVI assistant speech: requests, cache hits, syntheses, failures, synthesis p95 (ms)",
        logGroupNames: [containerLogGroupName(config, "server"), containerLogGroupName(config, "worker")],
        width: 24,
        height: 6,
        view: cloudwatch.LogQueryVisualizationType.LINE,
        queryLines: [
          "fields @timestamp",
          'filter msg = "speech requested" or msg = "speech synthesized"',
          "stats sum(speech.requested) as requests, sum(speech.cacheHit) as cacheHits, sum(speech.synthesized) as synthesized, sum(speech.failed) as failures, sum(speech.retried) as retries, pct(speech.durationMs, 95) as synthesisP95 by bin(1h)",
        ],
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.LogQueryWidget({
        title: "Error rates by type",
        logGroupNames: [containerLogGroupName(config, "server"), containerLogGroupName(config, "worker")],
        width: 16,
        height: 6,
        view: cloudwatch.LogQueryVisualizationType.TABLE,
        queryLines: [
          "fields @timestamp",
          'filter level >= 50 or level = "error" or level = "fatal"',
          'fields coalesce(err.type, err.code, err.name, "unknown") as errorType',
          "stats count(*) as errors by errorType",
          "sort errors desc",
          "limit 25",
        ],
      }),
    );
    return dashboard;
  }

  /** spec §10 Monthly Budget Alerts, filtered to this environment by its cost-allocation tag. */
  private createBudget(config: KaviEnvironmentConfig): void {
    const { budget } = config;
    const notification = (amount: number, severity: Severity, type: "ACTUAL" | "FORECASTED") => ({
      notification: {
        notificationType: type,
        comparisonOperator: "GREATER_THAN",
        threshold: amount,
        thresholdType: "ABSOLUTE_VALUE",
      },
      subscribers: [{ subscriptionType: "SNS", address: this.topics[severity].topicArn }],
    });
    new budgets.CfnBudget(this, "MonthlyBudget", {
      budget: {
        budgetName: resourceName(config, "monthly"),
        budgetType: "COST",
        timeUnit: "MONTHLY",
        budgetLimit: { amount: budget.monthlyLimitUsd, unit: "USD" },
        // Needs `Environment` activated as a cost-allocation tag (docs/operations.md, first deploy).
        filterExpression: {
          tags: { key: "Environment", values: [config.tagValue], matchOptions: ["EQUALS"] },
        },
      },
      notificationsWithSubscribers: [
        notification(budget.warningUsd, "warning", "ACTUAL"),
        notification(budget.criticalUsd, "critical", "ACTUAL"),
        notification(budget.investigateUsd, "critical", "ACTUAL"),
        notification(budget.criticalUsd, "warning", "FORECASTED"),
      ],
    });
  }
}

/** Metrics used by both alarms and the dashboard. */
class KaviMetrics {
  readonly loadBalancer5xxPercent: cloudwatch.MathExpression;
  readonly redisMemoryPercent: cloudwatch.IMetric;
  readonly uploadsBucketBytes: cloudwatch.Metric;

  constructor(config: KaviEnvironmentConfig, data: DataStack, app: AppStack) {
    const alb = app.loadBalancer.metrics;
    const sumPerMinute = { period: Duration.minutes(1), statistic: "Sum" };
    this.loadBalancer5xxPercent = new cloudwatch.MathExpression({
      expression: "IF(requests > 0, 100 * (FILL(elb5xx, 0) + FILL(target5xx, 0)) / requests, 0)",
      usingMetrics: {
        requests: alb.requestCount(sumPerMinute),
        elb5xx: alb.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, sumPerMinute),
        target5xx: alb.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, sumPerMinute),
      },
      period: Duration.minutes(1),
      label: "5XX (% of requests)",
    });

    // ElastiCache reports per node; the primary can move on failover, so take the highest.
    const nodeMetrics = Object.fromEntries(
      data.cache.nodeIds.map((nodeId, index) => [
        `node${index + 1}`,
        new cloudwatch.Metric({
          namespace: "AWS/ElastiCache",
          metricName: "DatabaseMemoryUsagePercentage",
          dimensionsMap: { CacheClusterId: nodeId },
          statistic: "Maximum",
          period: Duration.minutes(5),
        }),
      ]),
    );
    this.redisMemoryPercent = new cloudwatch.MathExpression({
      expression: `MAX([${Object.keys(nodeMetrics).join(", ")}])`,
      usingMetrics: nodeMetrics,
      period: Duration.minutes(5),
      label: "Redis memory used (%)",
    });

    this.uploadsBucketBytes = new cloudwatch.Metric({
      namespace: "AWS/S3",
      metricName: "BucketSizeBytes",
      dimensionsMap: { BucketName: data.uploads.bucket.bucketName, StorageType: "StandardStorage" },
      statistic: "Average",
      period: Duration.days(1),
      label: `uploads (${config.name})`,
    });
  }
}
