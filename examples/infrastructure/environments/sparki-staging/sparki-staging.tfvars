# Values of environment "sparki-staging". The sparki-environment-update template edits this file
# in place (tier, size, availability, components); hand edits elsewhere are kept.
environment    = "sparki-staging"
tier           = "staging"
size           = "medium"
owner          = "group:default/platform-team"
aws_account_id = "222222222222"
aws_region     = "eu-west-1"
vpc_cidr       = "10.20.0.0/16"

cluster_version    = "1.31"
high_availability  = false
az_count           = 2
single_nat_gateway = true
log_retention_days = 90

node_instance_types = ["m6i.large"]
node_min_size       = 2
node_desired_size   = 3
node_max_size       = 6

enable_database             = true
db_instance_class           = "db.r6g.large"
db_allocated_storage_gb     = 50
db_max_allocated_storage_gb = 250
db_multi_az                 = false
db_backup_retention_days    = 7
db_deletion_protection      = false

enable_redis             = true
redis_node_type          = "cache.r7g.large"
redis_num_cache_clusters = 2

enable_observability = true
