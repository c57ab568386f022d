import { Stack, Tags } from "aws-cdk-lib";
import type { Construct } from "constructs";
import type { KaviEnvironmentConfig } from "../config";
import { stackName } from "../naming";
import { type Component, costAllocationTags } from "../tags";

export interface KaviStackProps {
  readonly config: KaviEnvironmentConfig;
  /** The `Component` tag for resources that do not set a more specific one. */
  readonly component: Component;
  readonly description: string;
  /** Defaults to the environment's region; the edge stack lives in us-east-1. */
  readonly region?: string;
  /** Stacks holding data are protected from `cdk destroy` where the data is kept. */
  readonly holdsData?: boolean;
}

/** A stack of one KAVI environment: named, placed and tagged from the environment's configuration. */
export class KaviStack extends Stack {
  readonly config: KaviEnvironmentConfig;

  constructor(scope: Construct, part: string, props: KaviStackProps) {
    const { config } = props;
    const tags = { ...costAllocationTags(config), Component: props.component };
    const name = stackName(config, part);
    super(scope, name, {
      stackName: name,
      env: { account: config.account, region: props.region ?? config.region },
      description: props.description,
      // Stack tags are propagated by CloudFormation, also to resources whose CDK constructs are not taggable.
      tags,
      terminationProtection: props.holdsData === true && config.retainData,
    });
    this.config = config;
    // ...and resource tags are written into the template, where tests can see them.
    for (const [key, value] of Object.entries(tags)) Tags.of(this).add(key, value);
  }
}
