# Values of environment "sparki-prod". The sparki-environment-update template edits this file
# in place (tier, size, availability, components); hand edits elsewhere are kept.
environment    = "sparki-prod"
tier           = "prod"
size           = "large"
owner          = "group:default/platform-team"
aws_account_id = "333333333333"
aws_region     = "eu-west-1"
vpc_cidr       = "10.30.0.0/16"

cluster_version    = "1.31"
high_availability  = true
az_count           = 3
single_nat_gateway = false
log_retention_days = 365

node_instance_types = ["m6i.xlarge", "m6a.xlarge"]
node_min_size       = 3
node_desired_size   = 6
node_max_size       = 12

enable_database             = true
db_instance_class           = "db.r6g.xlarge"
db_allocated_storage_gb     = 100
db_max_allocated_storage_gb = 1000
db_multi_az                 = true
db_backup_retention_days    = 30
db_deletion_protection      = true

enable_redis             = true
redis_node_type          = "cache.r7g.xlarge"
redis_num_cache_clusters = 3

enable_observability = true
