package acme.notes;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/** Runs one test class, prints each failure's message, exits 1 when one failed. */
public final class Run {
    public static void main(String[] args) throws Exception {
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request().selectors(selectClass(Class.forName(args[0]))).build(), listener);
        TestExecutionSummary s = listener.getSummary();
        System.out.println("tests " + s.getTestsFoundCount() + " succeeded " + s.getTestsSucceededCount() + " failed "
                + s.getTestsFailedCount() + " skipped " + (s.getTestsSkippedCount() + s.getTestsAbortedCount()));
        s.getFailures().forEach(f -> System.out.println("FAILED " + f.getTestIdentifier().getDisplayName() + ": "
                + f.getException().getMessage()));
        System.exit(s.getTotalFailureCount() == 0 ? 0 : 1);
    }
}
