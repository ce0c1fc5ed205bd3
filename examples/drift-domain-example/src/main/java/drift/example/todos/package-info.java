/** The example domain's public API: the {@link drift.example.todos.Todo} row and its row type. */
package drift.example.todos;
