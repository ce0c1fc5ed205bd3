/**
 * The example domain's public API: the {@link drift.example.todos.Todo} row, its
 * {@link drift.example.todos.TodoKind} and the {@link drift.example.todos.TodoStore} facade.
 */
package drift.example.todos;
