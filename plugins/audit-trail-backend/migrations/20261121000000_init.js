// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('audit_trail_events', table => {
    table.comment(
      'CloudTrail records, normalized for search, with the raw record',
    );
    table.string('event_id', 128).primary().notNullable();
    // ISO 8601 UTC with milliseconds: sorts and buckets as text on SQLite and Postgres alike.
    table.string('event_time', 24).notNullable();
    table.string('event_name', 128).notNullable();
    table.string('event_source', 128).notNullable();
    table.string('account_id', 12).notNullable();
    table.string('region', 32).notNullable();
    table.text('actor_arn').nullable();
    table.string('actor_type', 64).nullable();
    table.text('actor_name').nullable();
    table.string('source_ip', 255).nullable();
    table.text('user_agent').nullable();
    table.string('error_code', 255).nullable();
    table.text('error_message').nullable();
    table.boolean('read_only').nullable();
    table.text('resources').notNullable();
    table.text('raw').notNullable();
    table.index(['event_time', 'event_id'], 'audit_trail_events_time_idx');
    table.index(['account_id', 'event_time'], 'audit_trail_events_account_idx');
    table.index(['actor_arn', 'event_time'], 'audit_trail_events_actor_idx');
    table.index(
      ['actor_name', 'event_time'],
      'audit_trail_events_actor_name_idx',
    );
    table.index(['event_name', 'event_time'], 'audit_trail_events_name_idx');
    table.index(
      ['event_source', 'event_time'],
      'audit_trail_events_source_idx',
    );
    table.index(['error_code', 'event_time'], 'audit_trail_events_error_idx');
  });

  await knex.schema.createTable('audit_trail_event_resources', table => {
    table.comment(
      'Resource ARNs of events, for resource search and entity linking',
    );
    table.text('resource_arn').notNullable();
    // The event's time, so the newest events of a resource come straight from this key.
    table.string('event_time', 24).notNullable();
    table.string('event_id', 128).notNullable();
    table.primary(['resource_arn', 'event_time', 'event_id']);
    table.index(['event_id'], 'audit_trail_event_resources_event_idx');
  });

  await knex.schema.createTable('audit_trail_detections', table => {
    table.comment('Matches of the CIS AWS Foundations monitoring rules');
    table.string('event_id', 128).notNullable();
    table.string('rule_id', 64).notNullable();
    table.string('cis_control_id', 8).notNullable();
    table.string('severity', 16).notNullable();
    table.string('event_time', 24).notNullable();
    table.string('account_id', 12).notNullable();
    table.string('region', 32).notNullable();
    table.string('event_name', 128).notNullable();
    table.text('actor_arn').nullable();
    table.primary(['event_id', 'rule_id']);
    table.index(['event_time', 'event_id'], 'audit_trail_detections_time_idx');
  });

  await knex.schema.createTable('audit_trail_checkpoints', table => {
    table.comment(
      'Progress of each source: LookupEvents watermarks, ingested log objects',
    );
    table.string('checkpoint_key', 1024).primary().notNullable();
    table.text('value').notNullable();
    table.string('updated_at', 24).notNullable();
  });

  await knex.schema.createTable('audit_trail_ingest_runs', table => {
    table.comment('Outcome of ingestion runs, reported by the API');
    table.increments('id');
    table.string('source', 255).notNullable();
    table.string('started_at', 24).notNullable();
    table.string('finished_at', 24).nullable();
    table.string('status', 16).notNullable();
    table.integer('records').notNullable();
    table.integer('inserted').notNullable();
    table.integer('duplicates').notNullable();
    table.integer('malformed').notNullable();
    table.text('message').nullable();
    table.index(['source', 'id'], 'audit_trail_ingest_runs_source_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('audit_trail_ingest_runs');
  await knex.schema.dropTable('audit_trail_checkpoints');
  await knex.schema.dropTable('audit_trail_detections');
  await knex.schema.dropTable('audit_trail_event_resources');
  await knex.schema.dropTable('audit_trail_events');
};
