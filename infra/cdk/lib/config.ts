/**
 * Everything that differs between KAVI environments lives here, as data. Stacks read a
 * `KaviEnvironmentConfig` and never branch on the environment's name.
 *
 * Values marked "spec" come from the KAVI technical specification for AWS (shared/spec/000_*).
 */

export type EnvironmentName = "staging" | "production";

/** The two availability zones and three subnet tiers of the specification's VPC. */
export interface NetworkConfig {
  readonly vpcCidr: string;
  readonly availabilityZones: readonly [string, string];
  /** Subnet CIDRs per tier, in the same order as `availabilityZones`. */
  readonly subnetCidrs: {
    readonly public: readonly [string, string];
    readonly application: readonly [string, string];
    readonly database: readonly [string, string];
  };
  /** One NAT gateway per AZ survives the loss of an AZ; one is enough where that does not matter. */
  readonly natGateways: 1 | 2;
  readonly flowLogRetentionDays: number;
}

export interface DatabaseConfig {
  readonly instanceType: string;
  readonly multiAz: boolean;
  readonly deletionProtection: boolean;
  readonly allocatedStorageGiB: number;
  readonly maxAllocatedStorageGiB: number;
  readonly backupRetentionDays: number;
  /** UTC, `hh:mm-hh:mm`. */
  readonly backupWindow: string;
  /** UTC, `ddd:hh:mm-ddd:hh:mm`. */
  readonly maintenanceWindow: string;
  /**
   * Set explicitly in the parameter group so that the "connections > 80% of max" alarm has a
   * concrete threshold. Keep it within what the instance's memory supports.
   */
  readonly maxConnections: number;
  readonly logRetentionDays: number;
}

export interface CacheConfig {
  readonly nodeType: string;
  /** Primary plus replicas. Automatic failover needs at least two. */
  readonly nodes: number;
  readonly automaticFailover: boolean;
  readonly snapshotRetentionDays: number;
}

export interface ServiceSizing {
  /** Fargate CPU units (1024 = 1 vCPU). */
  readonly cpu: number;
  readonly memoryMiB: number;
  readonly minTasks: number;
  readonly maxTasks: number;
}

export interface ServerConfig extends ServiceSizing {
  readonly cpuTargetPercent: number;
  readonly memoryTargetPercent: number;
}

export interface WorkerConfig extends ServiceSizing {
  /** Add a task when this many jobs are waiting (the `KAVI/Queues` `WaitingJobs` metric). */
  readonly scaleOutAtWaitingJobs: number;
  /** Add two tasks at once when the backlog reaches this size. */
  readonly scaleOutFastAtWaitingJobs: number;
  /** Remove a task when the backlog is at or below this size. */
  readonly scaleInAtWaitingJobs: number;
}

/** Non-secret application settings passed to the containers as environment variables. */
export interface ApplicationSettings {
  readonly logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace";
  readonly mailFrom: string;
  readonly otlpEndpoint?: string;
  /** spec §5 Rate Limiting. */
  readonly rateLimits: {
    readonly authenticatedPerHour: number;
    readonly anonymousPerHour: number;
    readonly assistantPerMinute: number;
  };
  readonly logRetentionDays: number;
}

export interface AlarmConfig {
  /** Every address receives both critical and warning notifications. */
  readonly emails: readonly string[];
  /** An HTTPS endpoint (e.g. a PagerDuty CloudWatch integration URL) subscribed to critical alarms. */
  readonly pagerEndpoint?: string;
  /** spec: "S3 bucket size > 80% of expected". */
  readonly uploadsExpectedSizeGiB: number;
  /** Warn when at least this many jobs fail (exhaust their retries) within five minutes. */
  readonly failedJobsPerFiveMinutes: number;
  /** Critical when the oldest waiting job has waited longer than this for ten minutes. */
  readonly oldestWaitingJobSeconds: number;
}

/**
 * tRPC procedure paths the business dashboard counts, as they appear in request URLs
 * (`/api/trpc/<procedure>`). They must match the routers in packages/api.
 */
export interface BusinessMetricsConfig {
  readonly registrationProcedures: readonly string[];
  readonly transactionCreateProcedures: readonly string[];
  /** Prefix of the assistant (KAVI voice/text agent) procedures. */
  readonly assistantProcedurePrefix: string;
}

export interface BackupConfig {
  readonly retentionDays: number;
  /** spec §8: "Cross-region backup: Enabled (secondary region)". */
  readonly copyToRegion?: string;
}

/** spec §10 Monthly Budget Alerts, as absolute amounts in USD. */
export interface BudgetConfig {
  readonly monthlyLimitUsd: number;
  readonly warningUsd: number;
  readonly criticalUsd: number;
  readonly investigateUsd: number;
}

export interface WafConfig {
  readonly cloudFront: boolean;
  readonly loadBalancer: boolean;
  /** Requests per client IP in any five-minute window before the rate-based rule blocks. */
  readonly requestsPerFiveMinutesPerIp: number;
}

/**
 * The secret header CloudFront adds to every request it relays (`X-Origin-Verify`), which the ALB
 * requires of everything but M-Pesa callbacks and health checks, and by which the server knows to
 * trust CloudFront's entry in X-Forwarded-For. Rotation is a deploy with these set (docs/operations.md).
 */
export interface OriginVerifyConfig {
  /** While rotating: the ALB and the server accept the secret's `previous` field as well as `current`. */
  readonly acceptPrevious: boolean;
  /**
   * The secret version the ALB rule and CloudFront read. CloudFormation reads a secret only when the
   * resource using it changes; naming the new version after `put-secret-value` makes them change.
   */
  readonly versionId?: string;
}

export interface DomainConfig {
  /** The SPA's origin, e.g. `financegrowth.co.ke`. */
  readonly app: string;
  /** More names served by CloudFront, e.g. `www.financegrowth.co.ke`. */
  readonly appAliases: readonly string[];
  /** The ALB's name: M-Pesa callbacks and CloudFront's `/api/*` origin. */
  readonly api: string;
  /**
   * A Route 53 hosted zone to create records and validate certificates in. Given by id so that
   * synthesis never looks anything up. Without it, add the DNS records by hand (see docs/operations.md).
   */
  readonly hostedZone?: { readonly id: string; readonly name: string };
  /** Existing ACM certificates to use instead of issuing new ones. */
  readonly loadBalancerCertificateArn?: string;
  /** Must be in us-east-1 (CloudFront). */
  readonly cloudFrontCertificateArn?: string;
}

export interface KaviEnvironmentConfig {
  readonly name: EnvironmentName;
  /** Value of the `Environment` cost-allocation tag (spec §10). */
  readonly tagValue: "Production" | "Staging";
  readonly account: string;
  readonly region: string;
  readonly domains: DomainConfig;
  readonly network: NetworkConfig;
  readonly database: DatabaseConfig;
  readonly cache: CacheConfig;
  readonly server: ServerConfig;
  readonly worker: WorkerConfig;
  readonly application: ApplicationSettings;
  readonly alarms: AlarmConfig;
  readonly businessMetrics: BusinessMetricsConfig;
  readonly backup: BackupConfig;
  readonly budget: BudgetConfig;
  readonly waf: WafConfig;
  readonly originVerify: OriginVerifyConfig;
  /** Keep databases, buckets and keys when their stack is deleted or they are replaced. */
  readonly retainData: boolean;
}

/** The account used when none is given: synthesis works offline, deploys must name a real one. */
export const PLACEHOLDER_ACCOUNT = "111111111111";

const specNetwork: Omit<NetworkConfig, "natGateways"> = {
  vpcCidr: "10.0.0.0/16",
  availabilityZones: ["eu-west-1a", "eu-west-1b"],
  subnetCidrs: {
    public: ["10.0.1.0/24", "10.0.3.0/24"],
    application: ["10.0.2.0/24", "10.0.4.0/24"],
    database: ["10.0.5.0/24", "10.0.6.0/24"],
  },
  flowLogRetentionDays: 14,
};

const specDatabase: Omit<DatabaseConfig, "multiAz" | "deletionProtection"> = {
  instanceType: "t3.micro",
  allocatedStorageGiB: 20,
  maxAllocatedStorageGiB: 100,
  backupRetentionDays: 7,
  backupWindow: "03:00-04:00",
  maintenanceWindow: "Sun:04:00-Sun:05:00",
  // The t3.micro default (derived from its 1 GiB) is about 80-110; 100 keeps the alarm at 80.
  maxConnections: 100,
  logRetentionDays: 14,
};

const specRateLimits: ApplicationSettings["rateLimits"] = {
  authenticatedPerHour: 1000,
  anonymousPerHour: 100,
  assistantPerMinute: 60,
};

const businessMetrics: BusinessMetricsConfig = {
  registrationProcedures: ["auth.signUp"],
  transactionCreateProcedures: ["transactions.create"],
  assistantProcedurePrefix: "assistant.",
};

const production: KaviEnvironmentConfig = {
  name: "production",
  tagValue: "Production",
  account: PLACEHOLDER_ACCOUNT,
  region: "eu-west-1",
  domains: {
    app: "financegrowth.co.ke",
    appAliases: ["www.financegrowth.co.ke"],
    api: "api.financegrowth.co.ke",
  },
  network: { ...specNetwork, natGateways: 2 },
  database: { ...specDatabase, multiAz: true, deletionProtection: true },
  cache: { nodeType: "cache.t4g.micro", nodes: 2, automaticFailover: true, snapshotRetentionDays: 7 },
  server: {
    cpu: 512,
    memoryMiB: 1024,
    minTasks: 2,
    maxTasks: 10,
    cpuTargetPercent: 70,
    memoryTargetPercent: 80,
  },
  worker: {
    cpu: 512,
    memoryMiB: 1024,
    minTasks: 1,
    maxTasks: 5,
    scaleOutAtWaitingJobs: 100,
    scaleOutFastAtWaitingJobs: 1000,
    scaleInAtWaitingJobs: 10,
  },
  application: {
    logLevel: "info",
    mailFrom: "KAVI <no-reply@financegrowth.co.ke>",
    rateLimits: specRateLimits,
    logRetentionDays: 30,
  },
  alarms: {
    emails: ["ops@financegrowth.co.ke"],
    uploadsExpectedSizeGiB: 10,
    failedJobsPerFiveMinutes: 1,
    oldestWaitingJobSeconds: 300,
  },
  businessMetrics,
  backup: { retentionDays: 35, copyToRegion: "eu-central-1" },
  budget: { monthlyLimitUsd: 115, warningUsd: 100, criticalUsd: 115, investigateUsd: 130 },
  waf: { cloudFront: true, loadBalancer: true, requestsPerFiveMinutesPerIp: 2000 },
  originVerify: { acceptPrevious: false },
  retainData: true,
};

const staging: KaviEnvironmentConfig = {
  ...production,
  name: "staging",
  tagValue: "Staging",
  domains: {
    app: "staging.financegrowth.co.ke",
    appAliases: [],
    api: "staging-api.financegrowth.co.ke",
  },
  network: { ...specNetwork, natGateways: 1 },
  database: { ...specDatabase, multiAz: false, deletionProtection: false },
  cache: { nodeType: "cache.t4g.micro", nodes: 1, automaticFailover: false, snapshotRetentionDays: 1 },
  server: { ...production.server, minTasks: 1, maxTasks: 4 },
  worker: { ...production.worker, maxTasks: 2 },
  application: {
    ...production.application,
    logLevel: "debug",
    mailFrom: "KAVI staging <no-reply@staging.financegrowth.co.ke>",
    logRetentionDays: 14,
  },
  alarms: { ...production.alarms, uploadsExpectedSizeGiB: 2 },
  backup: { retentionDays: 7 },
  budget: { monthlyLimitUsd: 60, warningUsd: 52, criticalUsd: 60, investigateUsd: 69 },
  waf: { cloudFront: false, loadBalancer: false, requestsPerFiveMinutesPerIp: 2000 },
  retainData: false,
};

export const environments: Readonly<Record<EnvironmentName, KaviEnvironmentConfig>> = { staging, production };

export const environmentNames = Object.keys(environments) as EnvironmentName[];

export function isEnvironmentName(value: string): value is EnvironmentName {
  return (environmentNames as string[]).includes(value);
}

/** Per-deployment values that are not part of an environment's checked-in configuration. */
export interface ConfigOverrides {
  readonly account?: string;
  readonly region?: string;
  readonly alarmEmails?: readonly string[];
  readonly hostedZone?: DomainConfig["hostedZone"];
  readonly loadBalancerCertificateArn?: string;
  readonly cloudFrontCertificateArn?: string;
  readonly originVerify?: Partial<OriginVerifyConfig>;
}

export function resolveEnvironmentConfig(
  name: EnvironmentName,
  overrides: ConfigOverrides = {},
): KaviEnvironmentConfig {
  const base = environments[name];
  const region = overrides.region ?? base.region;
  const config: KaviEnvironmentConfig = {
    ...base,
    account: overrides.account ?? base.account,
    region,
    network:
      region === base.region
        ? base.network
        : { ...base.network, availabilityZones: [`${region}a`, `${region}b`] },
    domains: {
      ...base.domains,
      hostedZone: overrides.hostedZone ?? base.domains.hostedZone,
      loadBalancerCertificateArn:
        overrides.loadBalancerCertificateArn ?? base.domains.loadBalancerCertificateArn,
      cloudFrontCertificateArn: overrides.cloudFrontCertificateArn ?? base.domains.cloudFrontCertificateArn,
    },
    alarms: { ...base.alarms, emails: overrides.alarmEmails ?? base.alarms.emails },
    originVerify: { ...base.originVerify, ...overrides.originVerify },
  };
  validateConfig(config);
  return config;
}

/** Fails synthesis early, with a readable message, on configurations AWS would reject mid-deploy. */
export function validateConfig(config: KaviEnvironmentConfig): void {
  const problems: string[] = [];
  const { cache, server, worker, budget, database } = config;
  if (!/^\d{12}$/.test(config.account)) problems.push(`account must be 12 digits, got "${config.account}"`);
  if (cache.automaticFailover && cache.nodes < 2)
    problems.push("cache automatic failover needs at least 2 nodes");
  for (const [name, sizing] of [
    ["server", server],
    ["worker", worker],
  ] as const) {
    if (sizing.minTasks < 1 || sizing.minTasks > sizing.maxTasks) {
      problems.push(`${name}: need 1 <= minTasks <= maxTasks`);
    }
  }
  if (worker.scaleInAtWaitingJobs >= worker.scaleOutAtWaitingJobs) {
    problems.push("worker: scaleInAtWaitingJobs must be below scaleOutAtWaitingJobs");
  }
  if (worker.scaleOutFastAtWaitingJobs <= worker.scaleOutAtWaitingJobs) {
    problems.push("worker: scaleOutFastAtWaitingJobs must be above scaleOutAtWaitingJobs");
  }
  if (!(budget.warningUsd <= budget.criticalUsd && budget.criticalUsd <= budget.investigateUsd)) {
    problems.push("budget thresholds must be warning <= critical <= investigate");
  }
  if (database.maxAllocatedStorageGiB < database.allocatedStorageGiB) {
    problems.push("database: maxAllocatedStorageGiB must be at least allocatedStorageGiB");
  }
  if (
    config.domains.cloudFrontCertificateArn &&
    !config.domains.cloudFrontCertificateArn.includes(":us-east-1:")
  ) {
    problems.push("domains.cloudFrontCertificateArn must be a us-east-1 certificate (CloudFront)");
  }
  if (config.backup.copyToRegion === config.region)
    problems.push("backup.copyToRegion must differ from region");
  if (config.alarms.emails.length === 0) problems.push("alarms.emails needs at least one address");
  if (config.waf.loadBalancer && !config.waf.cloudFront) {
    problems.push(
      "waf.loadBalancer counts only direct callers (M-Pesa callbacks); browser traffic is counted by viewer address on CloudFront: enable waf.cloudFront too",
    );
  }
  if (problems.length > 0) {
    throw new Error(`Invalid KAVI configuration for ${config.name}:\n- ${problems.join("\n- ")}`);
  }
}
