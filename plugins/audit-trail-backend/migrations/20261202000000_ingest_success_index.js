// @ts-check

/**
 * The last successful run of a source, read on every metrics scrape: a partial index keeps
 * that a lookup instead of a scan of the source's whole run history.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('audit_trail_ingest_runs', table => {
    table.index(
      ['source', 'finished_at'],
      'audit_trail_ingest_runs_success_idx',
      {
        // A literal, as the store's query writes it: the planners match the two textually.
        predicate: knex.whereRaw("status <> 'failed'"),
      },
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('audit_trail_ingest_runs', table => {
    table.dropIndex(
      ['source', 'finished_at'],
      'audit_trail_ingest_runs_success_idx',
    );
  });
};
