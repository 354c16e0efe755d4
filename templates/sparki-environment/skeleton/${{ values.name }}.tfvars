# Values of environment ${{ values.name }}. The sparki-environment-update template edits this file
# in place (tier, size, availability, components); hand edits elsewhere are kept.
environment    = "${{ values.name }}"
tier           = "${{ values.settings.tier }}"
size           = "${{ values.settings.size }}"
owner          = "${{ values.owner }}"
aws_account_id = "${{ values.accountId }}"
aws_region     = "${{ values.region }}"
vpc_cidr       = "${{ values.vpcCidr }}"

cluster_version    = "${{ values.clusterVersion }}"
high_availability  = ${{ values.settings.highAvailability }}
az_count           = ${{ values.settings.azCount }}
single_nat_gateway = ${{ values.settings.singleNatGateway }}
log_retention_days = ${{ values.settings.logRetentionDays }}

node_instance_types = ${{ values.settings.nodeInstanceTypes | dump }}
node_min_size       = ${{ values.settings.nodeMinSize }}
node_desired_size   = ${{ values.settings.nodeDesiredSize }}
node_max_size       = ${{ values.settings.nodeMaxSize }}

enable_database             = ${{ values.components.database }}
db_instance_class           = "${{ values.settings.dbInstanceClass }}"
db_allocated_storage_gb     = ${{ values.settings.dbAllocatedStorageGb }}
db_max_allocated_storage_gb = ${{ values.settings.dbMaxAllocatedStorageGb }}
db_multi_az                 = ${{ values.settings.dbMultiAz }}
db_backup_retention_days    = ${{ values.settings.dbBackupRetentionDays }}
db_deletion_protection      = ${{ values.settings.dbDeletionProtection }}

enable_redis             = ${{ values.components.redis }}
redis_node_type          = "${{ values.settings.redisNodeType }}"
redis_num_cache_clusters = ${{ values.settings.redisNumCacheClusters }}

enable_observability = ${{ values.components.observability }}
