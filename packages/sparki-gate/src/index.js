'use strict';

const { runGate, exitCodes } = require('./main');
const { GateClient, GateError } = require('./GateClient');
const { parseDuration } = require('./duration');

module.exports = { runGate, exitCodes, GateClient, GateError, parseDuration };
