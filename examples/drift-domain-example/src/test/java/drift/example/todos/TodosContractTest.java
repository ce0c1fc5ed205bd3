package drift.example.todos;

import drift.example.todos.internal.TodosDomain;
import drift.storage.api.spi.StorageDomain;
import drift.storage.testkit.DomainContract;
import drift.storage.testkit.Sample;

import java.util.List;

/** The platform's rules, on the example drop-in domain: what an outside author runs in one class. */
class TodosContractTest extends DomainContract {
    @Override
    protected StorageDomain domain() {
        return new TodosDomain();
    }

    @Override
    protected void sample(Sample s) {
        s.rows("src/a.ts", TodoStore.MARKER, List.of(new Todo("src/a.ts", 3, TodoKind.TODO, "split this", "ana"),
                new Todo("src/a.ts", 9, TodoKind.FIXME, "off by one", null)));
        s.rows("src/b.ts", TodoStore.MARKER, List.of(new Todo("src/b.ts", 1, TodoKind.HACK, "until the api is fixed", "bo")));
    }
}
