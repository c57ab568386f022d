import { CfnOutput, Duration, RemovalPolicy } from "aws-cdk-lib";
import * as ecr from "aws-cdk-lib/aws-ecr";
import type { Construct } from "constructs";
import type { KaviEnvironmentConfig } from "../config";
import { capitalize } from "../naming";
import { KaviStack } from "./kavi-stack";

/** The images the environment runs. The migration task runs the server image. */
export const ImageNames = ["server", "worker"] as const;
export type ImageName = (typeof ImageNames)[number];

/**
 * ECR repositories, in their own stack because images must be pushed before the services that run
 * them are created (first deploy: this stack, push, then everything else).
 */
export class RegistryStack extends KaviStack {
  readonly repositories: Readonly<Record<ImageName, ecr.Repository>>;

  constructor(scope: Construct, config: KaviEnvironmentConfig) {
    super(scope, "Registry", {
      config,
      component: "Registry",
      description: `KAVI ${config.name}: container image repositories`,
    });

    const repository = (name: ImageName) => {
      const repo = new ecr.Repository(this, `${capitalize(name)}Repository`, {
        repositoryName: `kavi/${config.name}/${name}`,
        // Tags are git commit SHAs: a tag always means the same image, so a rollback is exact.
        imageTagMutability: ecr.TagMutability.IMMUTABLE,
        imageScanOnPush: true,
        encryption: ecr.RepositoryEncryption.AES_256,
        removalPolicy: config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        emptyOnDelete: !config.retainData,
        lifecycleRules: [
          {
            description: "Drop untagged layers after a week",
            tagStatus: ecr.TagStatus.UNTAGGED,
            maxImageAge: Duration.days(7),
          },
          {
            description: "Keep the last 50 images to roll back to",
            tagStatus: ecr.TagStatus.ANY,
            maxImageCount: 50,
          },
        ],
      });
      new CfnOutput(this, `${capitalize(name)}RepositoryUri`, { value: repo.repositoryUri });
      return repo;
    };

    this.repositories = { server: repository("server"), worker: repository("worker") };
  }
}
