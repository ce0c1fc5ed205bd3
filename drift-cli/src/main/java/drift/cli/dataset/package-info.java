/**
 * Reading scan datasets (a folder of NDJSON files, see FORMAT.md) into rows of the installed domains,
 * and importing them through the batch writer with per-line error reporting.
 */
package drift.cli.dataset;
