'use strict';

const units = { h: 3600, m: 60, s: 1 };

/**
 * Parses `--timeout`: `90s`, `30m`, `1h30m`, or a bare number of seconds.
 *
 * @param {string} text
 * @returns {number | undefined} milliseconds, or undefined when `text` is not a positive duration
 */
function parseDuration(text) {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) {
    const seconds = Number(trimmed);
    return seconds > 0 ? seconds * 1000 : undefined;
  }
  const parts = trimmed.match(/^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/);
  if (!parts || trimmed === '') return undefined;
  const [, hours = '0', minutes = '0', seconds = '0'] = parts;
  const total =
    Number(hours) * units.h + Number(minutes) * units.m + Number(seconds);
  return total > 0 ? total * 1000 : undefined;
}

module.exports = { parseDuration };
