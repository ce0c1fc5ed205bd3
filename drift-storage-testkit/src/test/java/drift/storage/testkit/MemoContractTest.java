package drift.storage.testkit;

import drift.storage.api.spi.StorageDomain;

import java.util.List;
import java.util.Map;

/** The contract, on a domain that keeps it. */
class MemoContractTest extends DomainContract {
    @Override
    protected StorageDomain domain() {
        return new MemoDomain();
    }

    @Override
    protected void sample(Sample s) {
        s.rows("src/a.txt", MemoDomain.MEMO, List.of(new MemoDomain.Memo("src/a.txt", "one"), new MemoDomain.Memo("src/a.txt", "two")));
        s.rows("src/b.txt", MemoDomain.MEMO, List.of(new MemoDomain.Memo("src/b.txt", "three")));
    }

    @Override
    protected Map<String, String> queryArguments(String query) {
        return Map.of("file", "src/a.txt");
    }
}
