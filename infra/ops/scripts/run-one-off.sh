#!/usr/bin/env bash
# Runs a one-off command in the environment with everything the server has (its image, its secrets,
# its network), e.g. a maintenance command such as re-encrypting stored credentials:
#
#   infra/ops/scripts/run-one-off.sh production node <built entry point> [args...]
#
# It starts the current kavi-<env>-server task definition with the command overridden, waits for
# it, prints its log and exits with its exit code. Needs the AWS CLI with the environment's credentials.
set -euo pipefail

environment="${1:?usage: run-one-off.sh <staging|production> <command> [args...]}"
shift
if (($# == 0)); then
  echo "usage: run-one-off.sh <staging|production> <command> [args...]" >&2
  exit 2
fi
timeout_seconds="${ONE_OFF_TIMEOUT_SECONDS:-3600}"
migrations_stack="Kavi-${environment^}-Migrations"

output() {
  aws cloudformation describe-stacks --stack-name "$migrations_stack" \
    --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue | [0]" --output text
}

cluster="$(output ClusterName)"
subnets="$(output SubnetIds)"
security_group="$(output SecurityGroupId)"
family="kavi-${environment}-server"
command_json="$(printf '%s\n' "$@" | jq -R . | jq -s -c .)"
overrides="$(jq -n -c --argjson command "$command_json" '{containerOverrides: [{name: "server", command: $command}]}')"

task_arn="$(aws ecs run-task \
  --cluster "$cluster" \
  --task-definition "$family" \
  --launch-type FARGATE \
  --count 1 \
  --started-by run-one-off \
  --overrides "$overrides" \
  --network-configuration "awsvpcConfiguration={subnets=[$subnets],securityGroups=[$security_group],assignPublicIp=DISABLED}" \
  --query 'tasks[0].taskArn' --output text)"
echo "started $task_arn: $*"

deadline=$((SECONDS + timeout_seconds))
status=""
while [[ "$status" != "STOPPED" ]]; do
  if ((SECONDS > deadline)); then
    echo "still running after ${timeout_seconds}s; stopping it" >&2
    aws ecs stop-task --cluster "$cluster" --task "$task_arn" --reason "run-one-off timeout" >/dev/null
    exit 1
  fi
  sleep 10
  status="$(aws ecs describe-tasks --cluster "$cluster" --tasks "$task_arn" --query 'tasks[0].lastStatus' --output text)"
done

exit_code="$(aws ecs describe-tasks --cluster "$cluster" --tasks "$task_arn" \
  --query "tasks[0].containers[?name=='server'].exitCode | [0]" --output text)"
echo "--- log (/ecs/kavi-${environment}/server) ---"
aws logs get-log-events --log-group-name "/ecs/kavi-${environment}/server" \
  --log-stream-name "server/server/${task_arn##*/}" --start-from-head \
  --query 'events[].message' --output text | tr '\t' '\n' || echo "(no log yet)"
echo "---"
if [[ "$exit_code" != "0" ]]; then
  echo "FAILED: exit code ${exit_code}" >&2
  exit 1
fi
echo "done"
