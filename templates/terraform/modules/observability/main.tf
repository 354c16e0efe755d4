data "aws_caller_identity" "current" {}

locals {
  replicas        = var.high_availability ? 2 : 1
  oidc_issuer     = replace(var.oidc_provider_arn, "/^arn:[^:]+:iam::[0-9]+:oidc-provider\\//", "")
  loki_account    = "loki"
  grafana_sources = yamlencode({
    apiVersion = 1
    datasources = [
      { name = "Prometheus", type = "prometheus", url = "http://kube-prometheus-stack-prometheus:9090", isDefault = true },
      { name = "Loki", type = "loki", url = "http://loki-gateway" },
      { name = "Jaeger", type = "jaeger", url = "http://jaeger-query:16686" },
      { name = "AlertManager", type = "alertmanager", url = "http://kube-prometheus-stack-alertmanager:9093", jsonData = { implementation = "prometheus" } },
    ]
  })
}

# Long-term storage of the Loki log chunks, encrypted and expiring.
resource "aws_s3_bucket" "telemetry" {
  for_each = toset(["logs"])
  bucket   = "${var.name}-${each.key}-${data.aws_caller_identity.current.account_id}"
  tags     = var.tags
}

resource "aws_s3_bucket_public_access_block" "telemetry" {
  for_each                = aws_s3_bucket.telemetry
  bucket                  = each.value.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "telemetry" {
  for_each = aws_s3_bucket.telemetry
  bucket   = each.value.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "telemetry" {
  for_each = aws_s3_bucket.telemetry
  bucket   = each.value.id
  rule {
    id     = "expire"
    status = "Enabled"
    filter {}
    expiration {
      days = var.log_retention_days
    }
  }
}

data "aws_iam_policy_document" "irsa_assume" {
  for_each = { logs = local.loki_account }

  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [var.oidc_provider_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "${local.oidc_issuer}:sub"
      values   = ["system:serviceaccount:${var.namespace}:${each.value}"]
    }
    condition {
      test     = "StringEquals"
      variable = "${local.oidc_issuer}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "storage" {
  for_each           = data.aws_iam_policy_document.irsa_assume
  name               = "${var.name}-${each.key}-storage"
  assume_role_policy = each.value.json
  tags               = var.tags
}

data "aws_iam_policy_document" "storage" {
  for_each = aws_s3_bucket.telemetry

  statement {
    actions   = ["s3:ListBucket"]
    resources = [each.value.arn]
  }
  statement {
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = ["${each.value.arn}/*"]
  }
  statement {
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.kms_key_arn]
  }
}

resource "aws_iam_role_policy" "storage" {
  for_each = aws_iam_role.storage
  name     = "telemetry-bucket"
  role     = each.value.id
  policy   = data.aws_iam_policy_document.storage[each.key].json
}

resource "helm_release" "kube_prometheus_stack" {
  name             = "kube-prometheus-stack"
  repository       = "https://prometheus-community.github.io/helm-charts"
  chart            = "kube-prometheus-stack"
  version          = var.chart_versions.kube_prometheus_stack
  namespace        = var.namespace
  create_namespace = true

  values = [yamlencode({
    prometheus = {
      prometheusSpec = {
        replicas       = local.replicas
        retention      = "${var.prometheus_retention_days}d"
        externalLabels = { environment = var.name, cluster = var.cluster_name }
        storageSpec = {
          volumeClaimTemplate = {
            spec = { resources = { requests = { storage = "${var.prometheus_storage_gb}Gi" } } }
          }
        }
      }
    }
    alertmanager = {
      alertmanagerSpec = { replicas = local.replicas }
      config = {
        route = {
          receiver = length(var.alertmanager_receivers) > 0 ? keys(var.alertmanager_receivers)[0] : "null"
          group_by = ["alertname", "namespace"]
          routes = [for name, receiver in var.alertmanager_receivers : {
            receiver = name
            matchers = ["severity=~\"${join("|", receiver.severity)}\""]
          }]
        }
        receivers = concat([{ name = "null" }], [for name, receiver in var.alertmanager_receivers : merge(
          { name = name },
          receiver.slack_channel == null ? {} : { slack_configs = [{ channel = receiver.slack_channel, api_url_file = "/etc/alertmanager/secrets/${name}/slack-webhook" }] },
          receiver.pagerduty_routing_secret_arn == null ? {} : { pagerduty_configs = [{ routing_key_file = "/etc/alertmanager/secrets/${name}/pagerduty-routing-key" }] },
        )])
      }
    }
    grafana = {
      replicas                 = local.replicas
      sidecar                  = { datasources = { defaultDatasourceEnabled = false } }
      additionalDataSources    = yamldecode(local.grafana_sources).datasources
      "grafana.ini"            = { auth = { disable_login_form = false }, users = { allow_sign_up = false } }
    }
  })]
}

resource "helm_release" "loki" {
  name       = "loki"
  repository = "https://grafana.github.io/helm-charts"
  chart      = "loki"
  version    = var.chart_versions.loki
  namespace  = var.namespace

  values = [yamlencode({
    serviceAccount = {
      name        = local.loki_account
      annotations = { "eks.amazonaws.com/role-arn" = aws_iam_role.storage["logs"].arn }
    }
    loki = {
      auth_enabled = false
      storage = {
        type        = "s3"
        bucketNames = { chunks = aws_s3_bucket.telemetry["logs"].id, ruler = aws_s3_bucket.telemetry["logs"].id }
        s3          = { region = split(":", var.kms_key_arn)[3] }
      }
      limits_config = { retention_period = "${var.log_retention_days * 24}h" }
      compactor     = { retention_enabled = true, delete_request_store = "s3" }
    }
    deploymentMode = "SimpleScalable"
  })]

  depends_on = [helm_release.kube_prometheus_stack]
}

resource "helm_release" "jaeger" {
  name       = "jaeger"
  repository = "https://jaegertracing.github.io/helm-charts"
  chart      = "jaeger"
  version    = var.chart_versions.jaeger
  namespace  = var.namespace

  # All-in-one Jaeger with Badger on a persistent volume; spans expire after log_retention_days.
  values = [yamlencode({
    provisionDataStore = { cassandra = false }
    storage            = { type = "badger" }
    allInOne = {
      enabled = true
      extraEnv = [
        { name = "BADGER_EPHEMERAL", value = "false" },
        { name = "BADGER_SPAN_STORE_TTL", value = "${var.log_retention_days * 24}h" },
      ]
    }
    agent     = { enabled = false }
    collector = { enabled = false }
    query     = { enabled = false }
  })]

  depends_on = [helm_release.kube_prometheus_stack]
}
