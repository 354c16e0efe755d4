// @ts-check

/**
 * Which stuck deploys were notified: one row per request and the revision it was stuck at, so
 * the stuck-deploy task tells of each once, on any replica, and again only after the request
 * moved on and got stuck anew.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('deployments_stuck_notices', table => {
    table.comment('Stuck deploys already notified, per request revision');
    table
      .string('request_id', 64)
      .notNullable()
      .references('id')
      .inTable('deployments_requests');
    table.integer('revision').notNullable();
    table.string('notified_at', 24).notNullable();
    table.primary(['request_id', 'revision']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('deployments_stuck_notices');
};
