// @ts-check

/**
 * Indexes of the read side: what runs where and pending requests per service (by state), and a
 * service's history newest first (decisions by request, in sequence).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('deployments_requests', table => {
    table.index(
      ['service_ref', 'state', 'environment'],
      'deployments_requests_service_state_idx',
    );
  });
  await knex.schema.alterTable('deployments_decisions', table => {
    table.index(['request_id', 'seq'], 'deployments_decisions_request_seq_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('deployments_decisions', table => {
    table.dropIndex(
      ['request_id', 'seq'],
      'deployments_decisions_request_seq_idx',
    );
  });
  await knex.schema.alterTable('deployments_requests', table => {
    table.dropIndex(
      ['service_ref', 'state', 'environment'],
      'deployments_requests_service_state_idx',
    );
  });
};
