// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('deployments_rollouts', table => {
    table.comment(
      'What a promote switched (to roll it back) and the health watch after it; restart-safe',
    );
    table
      .string('request_id', 64)
      .primary()
      .notNullable()
      .references('id')
      .inTable('deployments_requests');
    table.string('provider', 32).notNullable();
    // The traffic target before and after the promote (a color, a rollout revision).
    table.string('from_target', 255).notNullable();
    table.string('to_target', 255).notNullable();
    table.string('provider_ref', 1024).notNullable();
    // ISO 8601 UTC with milliseconds: sorts as text on SQLite and PostgreSQL alike.
    table.string('promoted_at', 24).notNullable();
    // none: no health watch configured; watching → passed | rolled-back | inconclusive | closed.
    table.string('watch_state', 16).notNullable();
    table.string('watch_until', 24).nullable();
    table.string('next_check_at', 24).nullable();
    table.text('watch_reason').nullable();
    table.string('updated_at', 24).notNullable();
    table.index(
      ['watch_state', 'next_check_at'],
      'deployments_rollouts_due_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('deployments_rollouts');
};
