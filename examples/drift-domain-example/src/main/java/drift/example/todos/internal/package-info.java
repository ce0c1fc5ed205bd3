/** The example domain's implementation (schema, batch handler, reads, importer), reachable only through {@code provides}. */
package drift.example.todos.internal;
