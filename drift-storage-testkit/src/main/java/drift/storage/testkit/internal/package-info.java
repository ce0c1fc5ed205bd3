/** The kit's own machinery: the witness domain, the recording registrar, schema snapshots. */
package drift.storage.testkit.internal;
