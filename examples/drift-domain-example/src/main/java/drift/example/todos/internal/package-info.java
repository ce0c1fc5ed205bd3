/** The example domain's implementation, reachable only through {@code provides}. */
package drift.example.todos.internal;
