// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('deployments_requests', table => {
    table.comment(
      'Deployment requests; revision guards every write (compare-and-swap)',
    );
    table.string('id', 64).primary().notNullable();
    table.string('service_ref', 255).notNullable();
    table.string('environment', 64).notNullable();
    table.string('state', 32).notNullable();
    table.integer('revision').notNullable();
    // The policy hash of the last decision.
    table.string('policy_hash', 80).notNullable();
    table.text('version').notNullable();
    table.text('requester').notNullable();
    table.text('reason').notNullable();
    table.text('overrides').notNullable();
    table.text('provider_refs').notNullable();
    // ISO 8601 UTC with milliseconds: sorts as text on SQLite and PostgreSQL alike.
    table.string('created_at', 24).notNullable();
    table.string('updated_at', 24).notNullable();
    table.string('expires_at', 24).nullable();
    table.index(['state', 'created_at'], 'deployments_requests_state_idx');
    table.index(
      ['service_ref', 'environment'],
      'deployments_requests_service_idx',
    );
    table.index(['expires_at'], 'deployments_requests_expires_idx');
  });
  await knex.schema.createTable('deployments_approvals', table => {
    table.comment('One approval per person per request');
    table
      .string('request_id', 64)
      .notNullable()
      .references('id')
      .inTable('deployments_requests');
    table.string('user_ref', 255).notNullable();
    table.string('at', 24).notNullable();
    table.text('comment').nullable();
    table.string('policy_hash', 80).notNullable();
    table.string('event_id', 255).notNullable();
    table.primary(['request_id', 'user_ref']);
  });
  await knex.schema.createTable('deployments_decisions', table => {
    table.comment(
      'Every applied event, append-only; the unique event id makes a replay a no-op',
    );
    table.increments('seq').primary();
    table
      .string('request_id', 64)
      .notNullable()
      .references('id')
      .inTable('deployments_requests');
    table.string('event_id', 255).notNullable();
    table.string('event', 32).notNullable();
    table.text('by').notNullable();
    table.string('at', 24).notNullable();
    table.text('comment').nullable();
    table.string('policy_hash', 80).notNullable();
    table.string('from_state', 32).notNullable();
    table.string('to_state', 32).notNullable();
    table.unique(['request_id', 'event_id'], {
      indexName: 'deployments_decisions_event_uq',
    });
  });
  const client = String(knex.client.config.client);
  if (client === 'pg') {
    // History is immutable: the database itself refuses to rewrite or delete a decision.
    await knex.raw(`
      CREATE FUNCTION deployments_decisions_immutable() RETURNS trigger AS $$
      BEGIN
        RAISE EXCEPTION 'deployments_decisions is append-only';
      END;
      $$ LANGUAGE plpgsql`);
    await knex.raw(`
      CREATE TRIGGER deployments_decisions_append_only
      BEFORE UPDATE OR DELETE ON deployments_decisions
      FOR EACH ROW EXECUTE FUNCTION deployments_decisions_immutable()`);
  } else if (client.includes('sqlite')) {
    await knex.raw(`
      CREATE TRIGGER deployments_decisions_no_update
      BEFORE UPDATE ON deployments_decisions
      BEGIN SELECT RAISE(ABORT, 'deployments_decisions is append-only'); END`);
    await knex.raw(`
      CREATE TRIGGER deployments_decisions_no_delete
      BEFORE DELETE ON deployments_decisions
      BEGIN SELECT RAISE(ABORT, 'deployments_decisions is append-only'); END`);
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('deployments_decisions');
  await knex.schema.dropTable('deployments_approvals');
  await knex.schema.dropTable('deployments_requests');
  if (String(knex.client.config.client) === 'pg') {
    await knex.raw('DROP FUNCTION IF EXISTS deployments_decisions_immutable()');
  }
};
