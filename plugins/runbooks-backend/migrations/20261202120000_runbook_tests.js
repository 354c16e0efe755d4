// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('runbooks_tests', table => {
    table.comment(
      'Every "Mark as tested" of a runbook, append-only: rows are never updated or deleted',
    );
    table.increments('seq').primary();
    table.string('runbook_id', 255).notNullable();
    // YYYY-MM-DD: the day the runbook was exercised.
    table.string('tested_on', 10).notNullable();
    table.string('tested_by', 255).notNullable();
    table.string('outcome', 16).notNullable();
    table.text('note').nullable();
    // ISO 8601 UTC with milliseconds: sorts as text on SQLite and PostgreSQL alike.
    table.string('recorded_at', 24).notNullable();
    table.index(['runbook_id', 'tested_on'], 'runbooks_tests_runbook_idx');
    table.index(['tested_on'], 'runbooks_tests_tested_on_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('runbooks_tests');
};
