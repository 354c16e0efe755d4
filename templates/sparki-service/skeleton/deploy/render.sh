#!/usr/bin/env bash
# Renders deploy/k8s into rendered/ with the image the pipeline built, pinned by digest: the
# Deployments get IMAGE, nothing else changes. Needs yq v4 (on GitHub-hosted runners).
#   IMAGE=<repository>@sha256:<digest> bash deploy/render.sh
set -euo pipefail

: "${IMAGE:?IMAGE=<repository>@sha256:<digest> is required}"
if [[ ! "$IMAGE" =~ @sha256:[0-9a-f]{64}$ ]]; then
  echo "IMAGE must be pinned by digest (<repository>@sha256:<64 hex>), got: $IMAGE" >&2
  exit 2
fi
rm -rf rendered
mkdir rendered
for file in deploy/k8s/*.yaml; do
  yq eval '(select(.kind == "Deployment") | .spec.template.spec.containers[0].image) = strenv(IMAGE)' \
    "$file" >"rendered/$(basename "$file")"
done
echo "Rendered $(ls rendered | wc -l) manifests with $IMAGE"
