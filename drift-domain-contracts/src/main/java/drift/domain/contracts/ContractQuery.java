package drift.domain.contracts;

import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;

/**
 * Filters and paging for {@link ContractStore#queryContracts}; every filter is optional (null = any).
 *
 * @param status only this status
 * @param method only this method
 * @param endpoint only this exact endpoint
 * @param endpointPrefix only endpoints starting with this
 * @param file only contracts with the backend or a frontend call in this file
 * @param mismatchType only contracts with a mismatch of this type
 * @param severity only contracts with a mismatch of this severity
 * @param limit page size, 1 to 10,000
 * @param offset rows to skip
 */
public record ContractQuery(ContractStatus status, HttpMethod method, String endpoint, String endpointPrefix, String file,
                            MismatchType mismatchType, MismatchSeverity severity, int limit, int offset) {
    /** Validates paging. */
    public ContractQuery {
        if (limit < 1 || limit > 10_000) {
            throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "limit must be between 1 and 10000, was " + limit);
        }
        if (offset < 0) {
            throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "offset must not be negative, was " + offset);
        }
    }

    /** Every contract, by endpoint, 50 per page. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link ContractQuery}. */
    public static final class Builder {
        private ContractStatus status;
        private HttpMethod method;
        private String endpoint;
        private String endpointPrefix;
        private String file;
        private MismatchType mismatchType;
        private MismatchSeverity severity;
        private int limit = 50;
        private int offset;

        private Builder() {
        }

        /** Only this status. */
        public Builder status(ContractStatus v) { status = v; return this; }

        /** Only this method. */
        public Builder method(HttpMethod v) { method = v; return this; }

        /** Only this exact endpoint. */
        public Builder endpoint(String v) { endpoint = v; return this; }

        /** Only endpoints with this prefix. */
        public Builder endpointPrefix(String v) { endpointPrefix = v; return this; }

        /** Only contracts touching this file. */
        public Builder file(String v) { file = v; return this; }

        /** Only with a mismatch of this type. */
        public Builder mismatchType(MismatchType v) { mismatchType = v; return this; }

        /** Only with a mismatch of this severity. */
        public Builder severity(MismatchSeverity v) { severity = v; return this; }

        /** Page size. */
        public Builder limit(int v) { limit = v; return this; }

        /** Rows to skip. */
        public Builder offset(int v) { offset = v; return this; }

        /** Validates and builds. */
        public ContractQuery build() {
            return new ContractQuery(status, method, endpoint, endpointPrefix, file, mismatchType, severity, limit, offset);
        }
    }
}
