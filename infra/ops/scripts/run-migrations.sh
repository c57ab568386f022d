#!/usr/bin/env bash
# Runs an environment's one-off migration task (node packages/db/dist/migrate.js in the server image
# registered by the Kavi-<Environment>-Migrations stack), waits for it, prints its log and exits
# non-zero unless the migrations succeeded.
#
#   infra/ops/scripts/run-migrations.sh staging|production
#
# Needs the AWS CLI with credentials for the environment's account and region (AWS_REGION).
set -euo pipefail

environment="${1:?usage: run-migrations.sh <staging|production>}"
timeout_seconds="${MIGRATION_TIMEOUT_SECONDS:-1800}"
stack="Kavi-${environment^}-Migrations"

output() {
  aws cloudformation describe-stacks --stack-name "$stack" \
    --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue | [0]" --output text
}

cluster="$(output ClusterName)"
task_definition="$(output TaskDefinitionArn)"
subnets="$(output SubnetIds)"
security_group="$(output SecurityGroupId)"
log_group="$(output LogGroupName)"

task_arn="$(aws ecs run-task \
  --cluster "$cluster" \
  --task-definition "$task_definition" \
  --launch-type FARGATE \
  --count 1 \
  --started-by run-migrations \
  --network-configuration "awsvpcConfiguration={subnets=[$subnets],securityGroups=[$security_group],assignPublicIp=DISABLED}" \
  --query 'tasks[0].taskArn' --output text)"
if [[ -z "$task_arn" || "$task_arn" == "None" ]]; then
  echo "could not start the migration task" >&2
  exit 1
fi
echo "started $task_arn ($task_definition)"

deadline=$((SECONDS + timeout_seconds))
status=""
while [[ "$status" != "STOPPED" ]]; do
  if ((SECONDS > deadline)); then
    echo "migration task still running after ${timeout_seconds}s; stopping it" >&2
    aws ecs stop-task --cluster "$cluster" --task "$task_arn" --reason "run-migrations timeout" >/dev/null
    exit 1
  fi
  sleep 10
  status="$(aws ecs describe-tasks --cluster "$cluster" --tasks "$task_arn" --query 'tasks[0].lastStatus' --output text)"
done

exit_code="$(aws ecs describe-tasks --cluster "$cluster" --tasks "$task_arn" \
  --query "tasks[0].containers[?name=='migrate'].exitCode | [0]" --output text)"
stopped_reason="$(aws ecs describe-tasks --cluster "$cluster" --tasks "$task_arn" --query 'tasks[0].stoppedReason' --output text)"

echo "--- migration log ($log_group) ---"
aws logs get-log-events --log-group-name "$log_group" --log-stream-name "migrate/migrate/${task_arn##*/}" \
  --start-from-head --query 'events[].message' --output text | tr '\t' '\n' || echo "(no log yet)"
echo "---"

if [[ "$exit_code" != "0" ]]; then
  echo "migrations FAILED: exit code ${exit_code}, ${stopped_reason}" >&2
  exit 1
fi
echo "migrations applied"
