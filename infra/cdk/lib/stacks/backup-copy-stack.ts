import { CfnOutput, RemovalPolicy } from "aws-cdk-lib";
import * as backup from "aws-cdk-lib/aws-backup";
import type { Construct } from "constructs";
import type { KaviEnvironmentConfig } from "../config";
import { disasterRecoveryVaultName } from "./data-stack";
import { KaviStack } from "./kavi-stack";

/**
 * spec §8 "Cross-region backup": the vault in the secondary region that the daily backup plan
 * copies into. Deploy it before the data stack.
 */
export class BackupCopyStack extends KaviStack {
  readonly vault: backup.BackupVault;

  constructor(scope: Construct, config: KaviEnvironmentConfig, region: string) {
    super(scope, "BackupCopy", {
      config,
      component: "Backup",
      description: `KAVI ${config.name}: backup vault for cross-region copies (${region})`,
      region,
      holdsData: true,
    });
    this.vault = new backup.BackupVault(this, "Vault", {
      backupVaultName: disasterRecoveryVaultName(config),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    new CfnOutput(this, "VaultArn", { value: this.vault.backupVaultArn });
  }
}
