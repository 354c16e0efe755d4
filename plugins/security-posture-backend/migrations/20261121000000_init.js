// @ts-check

/**
 * Snapshots are the audit record of a scan: written once, never updated. Triggers on both
 * databases reject UPDATE so even a direct SQL change cannot rewrite history; retention only
 * deletes whole snapshots (their findings go with them).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('posture_snapshots', table => {
    table.comment('One row per completed scan of one cluster');
    table.bigIncrements('id').primary();
    table.string('cluster', 253).notNullable();
    table
      .string('collected_at', 32)
      .notNullable()
      .comment('ISO-8601 UTC, sortable as text');
    table.boolean('partial').notNullable();
    table
      .text('unavailable')
      .notNullable()
      .comment('JSON array of {kind, reason}');
    table
      .double('score')
      .nullable()
      .comment('Cluster score 0-100; null when nothing was scorable');
    table
      .text('scores')
      .notNullable()
      .comment('JSON: per framework and namespace');
    table
      .text('results')
      .notNullable()
      .comment('JSON: control results without findings');
    table.integer('finding_count').notNullable();
    table.string('sha256', 64).notNullable().comment('sha256 of document');
    table
      .text('document', 'longtext')
      .notNullable()
      .comment('Canonical JSON of the snapshot');
    table.unique(['cluster', 'collected_at']);
    table.index(['cluster', 'id'], 'posture_snapshots_cluster_id_idx');
  });

  await knex.schema.createTable('posture_findings', table => {
    table.comment(
      'Rows of a snapshot: failing resources, plus unknown/manual controls',
    );
    table.bigIncrements('id').primary();
    table
      .bigInteger('snapshot_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('posture_snapshots')
      .onDelete('CASCADE');
    table.string('cluster', 253).notNullable();
    table.string('namespace', 253).nullable();
    table.string('control_id', 100).notNullable();
    table.string('severity', 16).notNullable();
    table
      .string('frameworks', 255)
      .notNullable()
      .comment('Comma-wrapped list: ",rbac,cis-kubernetes,"');
    table.string('status', 16).notNullable();
    table.string('resource_kind', 100).nullable();
    table.string('resource_name', 253).nullable();
    table.string('container', 253).nullable();
    table.text('message').notNullable();
    table.text('evidence').nullable();
    table.index(['snapshot_id', 'id'], 'posture_findings_snapshot_idx');
  });

  if (knex.client.config.client === 'pg') {
    await knex.raw(`
      CREATE FUNCTION posture_reject_update() RETURNS trigger AS $$
      BEGIN
        RAISE EXCEPTION 'security posture snapshots are immutable (% rejected)', TG_TABLE_NAME;
      END;
      $$ LANGUAGE plpgsql`);
    for (const table of ['posture_snapshots', 'posture_findings']) {
      await knex.raw(
        `CREATE TRIGGER ${table}_immutable BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION posture_reject_update()`,
      );
    }
  } else {
    for (const table of ['posture_snapshots', 'posture_findings']) {
      await knex.raw(
        `CREATE TRIGGER ${table}_immutable BEFORE UPDATE ON ${table} BEGIN SELECT RAISE(ABORT, 'security posture snapshots are immutable'); END`,
      );
    }
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('posture_findings');
  await knex.schema.dropTable('posture_snapshots');
  if (knex.client.config.client === 'pg') {
    await knex.raw('DROP FUNCTION IF EXISTS posture_reject_update()');
  }
};
