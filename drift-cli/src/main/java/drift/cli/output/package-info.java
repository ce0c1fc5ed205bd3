/** Formatting results for people (aligned tables) and scripts (JSON). */
package drift.cli.output;
