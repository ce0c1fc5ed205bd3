/**
 * Dataset import: {@link drift.dataset.DatasetImport} reads every file some installed domain can import,
 * in import order, as one scan; {@link drift.dataset.DatasetReader} parses NDJSON lines into domain rows
 * with file:line errors; {@link drift.dataset.GitRevision} finds the commit of a work tree.
 */
package drift.dataset;
