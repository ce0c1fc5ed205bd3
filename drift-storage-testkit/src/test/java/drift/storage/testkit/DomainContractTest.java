package drift.storage.testkit;

import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** A domain that breaks a rule fails that rule's test, with a message naming it, and passes the others. */
class DomainContractTest {
    @Test
    void aClearThatEmptiesAnotherDomainsTableFailsTheClearRuleByName() {
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(BrokenClearContract.class)).execute().testEvents();
        List<Event> failed = tests.failed().list();
        assertEquals(1, failed.size(), () -> "only the clear rule fails: " + failed);
        String message = failed.get(0).getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable()
                .orElseThrow().getMessage();
        assertTrue(message.contains("rule 'clear'") && message.contains("testkit_witness_note"), message);
        assertEquals(6, tests.succeeded().count(), "the other rules pass");
        assertEquals(1, tests.skipped().count() + tests.aborted().count(), "a fixture in test sources has no module descriptor to check");
    }
}
