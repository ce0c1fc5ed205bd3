/** What Flyway reaches by reflection (opened to it alone): the bridge of its log lines to System.Logger. */
package drift.storage.jdbc.flyway;
