// @ts-check

/**
 * Requests of an environment decided on since a time (`GET /requests?environment=&updatedSince=`),
 * e.g. every prod request of the last 90 days that the compliance deploy checks read.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('deployments_requests', table => {
    table.index(
      ['environment', 'updated_at'],
      'deployments_requests_environment_updated_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('deployments_requests', table => {
    table.dropIndex(
      ['environment', 'updated_at'],
      'deployments_requests_environment_updated_idx',
    );
  });
};
