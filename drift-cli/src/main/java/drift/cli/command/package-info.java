/** The picocli commands of the drift CLI, one class per command or command group. */
package drift.cli.command;
