service_name        = ${{ values.name | hcl }}
region              = ${{ values.targets[0].region | hcl }}
registry_account_id = ${{ values.targets[0].accountId | hcl }}
pull_account_ids    = ${{ values.pullAccounts | hcl }}
