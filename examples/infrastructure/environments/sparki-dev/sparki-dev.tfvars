# Values of environment "sparki-dev". The sparki-environment-update template edits this file
# in place (tier, size, availability, components); hand edits elsewhere are kept.
environment    = "sparki-dev"
tier           = "dev"
size           = "small"
owner          = "group:default/platform-team"
aws_account_id = "111111111111"
aws_region     = "eu-west-1"
vpc_cidr       = "10.10.0.0/16"

cluster_version    = "1.31"
high_availability  = false
az_count           = 2
single_nat_gateway = true
log_retention_days = 30

node_instance_types = ["t3.large"]
node_min_size       = 1
node_desired_size   = 2
node_max_size       = 3

enable_database             = true
db_instance_class           = "db.t4g.medium"
db_allocated_storage_gb     = 20
db_max_allocated_storage_gb = 100
db_multi_az                 = false
db_backup_retention_days    = 3
db_deletion_protection      = false

enable_redis             = true
redis_node_type          = "cache.t4g.small"
redis_num_cache_clusters = 1

enable_observability = true
