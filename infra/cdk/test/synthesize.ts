import { readFileSync } from "node:fs";
import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { type EnvironmentName, resolveEnvironmentConfig } from "../lib/config";
import { addKaviEnvironment, type KaviEnvironmentStacks } from "../lib/kavi-app";
import { applyNagChecks } from "../lib/nag";

export const TEST_ACCOUNT = "123456789012";
export const TEST_IMAGE_TAG = "0123abcd";

/** The feature flags `cdk` reads from cdk.json, so tests synthesize exactly what a deploy would. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(new URL("../cdk.json", import.meta.url), "utf8")) as {
    context: Record<string, unknown>;
  };
  return cdkJson.context;
}

export interface Synthesized {
  readonly app: App;
  readonly stacks: Record<EnvironmentName, KaviEnvironmentStacks>;
  /** `template("production", "data")`: the synthesized template of one stack, cached. */
  template(environment: EnvironmentName, part: keyof KaviEnvironmentStacks): Template;
}

let shared: Synthesized | undefined;

/**
 * Both environments in one app, as `bin/kavi.ts` builds them, with cdk-nag registered; built once
 * and shared by the test files of a worker (vitest runs this project with `isolate: false`).
 * Tests must not add constructs to it.
 */
export function synthesizeKavi(): Synthesized {
  shared ??= buildKavi();
  return shared;
}

function buildKavi(): Synthesized {
  const app = new App({ context: cdkJsonContext() });
  const stacks = {
    staging: addKaviEnvironment(app, resolveEnvironmentConfig("staging", { account: TEST_ACCOUNT }), {
      imageTag: TEST_IMAGE_TAG,
    }),
    production: addKaviEnvironment(app, resolveEnvironmentConfig("production", { account: TEST_ACCOUNT }), {
      imageTag: TEST_IMAGE_TAG,
    }),
  };
  applyNagChecks(app);
  const templates = new Map<string, Template>();
  return {
    app,
    stacks,
    template(environment, part) {
      const key = `${environment}/${part}`;
      let template = templates.get(key);
      if (!template) {
        const stack = stacks[environment][part];
        if (!stack) throw new Error(`${environment} has no ${part} stack`);
        template = Template.fromStack(stack);
        templates.set(key, template);
      }
      return template;
    },
  };
}
