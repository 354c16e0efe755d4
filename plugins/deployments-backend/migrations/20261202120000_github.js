// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('deployments_github_deliveries', table => {
    table.comment(
      'GitHub webhook deliveries already handled (X-GitHub-Delivery): a replay on any replica is a no-op',
    );
    table.string('delivery_id', 64).primary().notNullable();
    // The random token of the replica that claimed the delivery: it alone handles it.
    table.string('claim', 36).notNullable();
    table.string('received_at', 24).notNullable();
  });
  await knex.schema.createTable(
    'deployments_github_protection_rules',
    table => {
      table.comment(
        'Deploys held by the custom deployment protection rule: where to answer, and whether it was answered',
      );
      table
        .string('request_id', 64)
        .primary()
        .notNullable()
        .references('id')
        .inTable('deployments_requests');
      table.string('delivery_id', 64).notNullable();
      table.string('owner', 100).notNullable();
      table.string('repo', 100).notNullable();
      table.string('installation_id', 32).notNullable();
      table.string('environment_name', 255).notNullable();
      table.text('callback_url').notNullable();
      table.string('sha', 40).notNullable();
      // The pull request to comment on; null: comment on the commit.
      table.integer('pull_request').nullable();
      // approved | rejected once GitHub accepted the answer; null until then.
      table.string('answer', 16).nullable();
      table.integer('reported_approvals').notNullable().defaultTo(0);
      table.integer('attempts').notNullable().defaultTo(0);
      // When the sync looks at it next (ISO 8601 UTC); null once answered.
      table.string('next_attempt_at', 24).nullable();
      table.text('last_error').nullable();
      table.string('created_at', 24).notNullable();
      table.string('updated_at', 24).notNullable();
      table.index(['next_attempt_at'], 'deployments_github_rules_due_idx');
    },
  );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('deployments_github_protection_rules');
  await knex.schema.dropTable('deployments_github_deliveries');
};
