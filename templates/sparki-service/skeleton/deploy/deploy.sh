#!/usr/bin/env bash
# The deploy steps of .github/workflows/deploy.yml, run against the cluster of the current
# kubeconfig context with the manifests of rendered/ (deploy/render.sh). Reads SERVICE,
# NAMESPACE, HEALTH_PATH and CONTAINER_PORT from the workflow's environment.
#
#   prepare           namespace, service account and network policies; the Service only when
#                     absent (afterwards only its selector changes); writes live=<color> and
#                     idle=<color> to $GITHUB_OUTPUT
#   roll-out <color>  applies that color's Deployment with the live color's replica count (at
#                     least 2), waits until it is ready, then checks its health
#   switch <color>    points the Service at that color: the blue-green switch
#   verify            health checks through the Service, six times over a minute
#   rollback          points the Service back at PREVIOUS_COLOR when SWITCHED is true, and
#                     scales the other color (the failed version) down to 0
set -euo pipefail

: "${SERVICE:?}" "${NAMESPACE:?}" "${HEALTH_PATH:?}" "${CONTAINER_PORT:?}"

output() { echo "$1" >>"${GITHUB_OUTPUT:-/dev/stdout}"; }

other_color() {
  if [ "$1" = blue ]; then echo green; else echo blue; fi
}

check_color() {
  case "$1" in
    blue | green) ;;
    *)
      echo "A color is blue or green, not '$1'" >&2
      exit 2
      ;;
  esac
}

live_color() {
  kubectl -n "$NAMESPACE" get service "$SERVICE" -o jsonpath='{.spec.selector.version}'
}

# Through a port-forward, which goes through the API server and the kubelet: the check works
# with the default-deny NetworkPolicies in place.
health_check() {
  local target="$1" port="$2" checks="$3" status=0
  local forward_log
  forward_log="$(mktemp)"
  kubectl -n "$NAMESPACE" port-forward "$target" "18080:$port" >"$forward_log" &
  local forward=$!
  # kubectl prints "Forwarding from …" once it listens; checking before that would race it.
  local deadline=$((SECONDS + 60))
  until grep -q '^Forwarding from' "$forward_log"; do
    if ! kill -0 "$forward" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
      echo "Port-forward to $target did not start" >&2
      kill "$forward" 2>/dev/null || true
      rm -f "$forward_log"
      return 1
    fi
    sleep 0.2
  done
  for _ in $(seq 1 "$checks"); do
    if ! curl --fail --silent --show-error --max-time 5 --retry 10 --retry-delay 2 \
      --retry-connrefused "http://127.0.0.1:18080$HEALTH_PATH" >/dev/null; then
      status=1
      break
    fi
    if [ "$checks" -gt 1 ]; then sleep 10; fi
  done
  kill "$forward" 2>/dev/null || true
  wait "$forward" 2>/dev/null || true
  rm -f "$forward_log"
  if [ "$status" -ne 0 ]; then
    echo "Health check of $target at $HEALTH_PATH failed" >&2
  else
    echo "Health check of $target at $HEALTH_PATH passed ($checks)"
  fi
  return "$status"
}

set_selector() {
  kubectl -n "$NAMESPACE" patch service "$SERVICE" --type merge \
    -p "{\"spec\":{\"selector\":{\"version\":\"$1\"}}}"
}

case "${1:-}" in
  prepare)
    kubectl apply -f rendered/namespace.yaml -f rendered/serviceaccount.yaml \
      -f rendered/networkpolicies.yaml
    if ! kubectl -n "$NAMESPACE" get service "$SERVICE" >/dev/null 2>&1; then
      kubectl apply -f rendered/service.yaml
    fi
    live="$(live_color)"
    check_color "$live"
    output "live=$live"
    output "idle=$(other_color "$live")"
    ;;
  roll-out)
    color="${2:-}"
    check_color "$color"
    live="$(live_color)"
    replicas="$(kubectl -n "$NAMESPACE" get deployment "$SERVICE-$live" \
      -o jsonpath='{.spec.replicas}' 2>/dev/null || true)"
    if [ -z "$replicas" ] || [ "$replicas" -lt 2 ]; then replicas=2; fi
    REPLICAS="$replicas" yq eval '.spec.replicas = env(REPLICAS)' \
      "rendered/deployment-$color.yaml" | kubectl apply -f -
    kubectl -n "$NAMESPACE" rollout status "deployment/$SERVICE-$color" --timeout=10m
    health_check "deployment/$SERVICE-$color" "$CONTAINER_PORT" 1
    ;;
  switch)
    color="${2:-}"
    check_color "$color"
    set_selector "$color"
    output "switched=true"
    echo "Live traffic now goes to $color"
    ;;
  verify)
    health_check "service/$SERVICE" 80 6
    ;;
  rollback)
    if [ -z "${PREVIOUS_COLOR:-}" ]; then
      echo "The deploy failed before it changed the cluster: nothing to roll back"
      exit 0
    fi
    check_color "$PREVIOUS_COLOR"
    failed="$(other_color "$PREVIOUS_COLOR")"
    if [ "${SWITCHED:-}" = true ]; then
      set_selector "$PREVIOUS_COLOR"
    fi
    kubectl -n "$NAMESPACE" scale deployment "$SERVICE-$failed" --replicas=0
    health_check "service/$SERVICE" 80 3
    echo "Rolled back: live traffic on $PREVIOUS_COLOR, $failed scaled to 0 (runbook: rollback)"
    ;;
  *)
    echo "usage: deploy.sh prepare | roll-out <color> | switch <color> | verify | rollback" >&2
    exit 2
    ;;
esac
