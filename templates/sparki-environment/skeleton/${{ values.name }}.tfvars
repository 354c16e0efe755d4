# Values of environment ${{ values.name | hcl }}. The sparki-environment-update template edits this file
# in place (tier, size, availability, components); hand edits elsewhere are kept.
environment    = ${{ values.name | hcl }}
tier           = ${{ values.settings.tier | hcl }}
size           = ${{ values.settings.size | hcl }}
owner          = ${{ values.owner | hcl }}
aws_account_id = ${{ values.accountId | hcl }}
aws_region     = ${{ values.region | hcl }}
vpc_cidr       = ${{ values.vpcCidr | hcl }}

cluster_version    = ${{ values.clusterVersion | hcl }}
high_availability  = ${{ values.settings.highAvailability | hcl }}
az_count           = ${{ values.settings.azCount | hcl }}
single_nat_gateway = ${{ values.settings.singleNatGateway | hcl }}
log_retention_days = ${{ values.settings.logRetentionDays | hcl }}

node_instance_types = ${{ values.settings.nodeInstanceTypes | hcl }}
node_min_size       = ${{ values.settings.nodeMinSize | hcl }}
node_desired_size   = ${{ values.settings.nodeDesiredSize | hcl }}
node_max_size       = ${{ values.settings.nodeMaxSize | hcl }}

enable_database             = ${{ values.components.database | hcl }}
db_instance_class           = ${{ values.settings.dbInstanceClass | hcl }}
db_allocated_storage_gb     = ${{ values.settings.dbAllocatedStorageGb | hcl }}
db_max_allocated_storage_gb = ${{ values.settings.dbMaxAllocatedStorageGb | hcl }}
db_multi_az                 = ${{ values.settings.dbMultiAz | hcl }}
db_backup_retention_days    = ${{ values.settings.dbBackupRetentionDays | hcl }}
db_deletion_protection      = ${{ values.settings.dbDeletionProtection | hcl }}

enable_redis             = ${{ values.components.redis | hcl }}
redis_node_type          = ${{ values.settings.redisNodeType | hcl }}
redis_num_cache_clusters = ${{ values.settings.redisNumCacheClusters | hcl }}

enable_observability = ${{ values.components.observability | hcl }}
