/** The drift CLI's entry point and shared options. */
package drift.cli;
