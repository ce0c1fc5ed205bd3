package drift.domain.callgraph;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** How sensitive a data field is, judged by its name. */
public enum Sensitivity {
    /** password, secret, token, key, api_key, auth, credential. */
    CREDENTIAL(List.of("password", "secret", "token", "key", "api_key", "apikey", "auth", "credential", "credentials")),
    /** credit_card, card_number, cvv, account_number, salary, income, bank. */
    FINANCIAL(List.of("credit_card", "card_number", "cvv", "account_number", "salary", "income", "bank", "iban")),
    /** diagnosis, medical, health, prescription, condition. */
    HEALTH(List.of("diagnosis", "medical", "health", "prescription", "condition")),
    /** ssn, social_security, email, phone, address, dob, name, birth. */
    PII(List.of("ssn", "social_security", "email", "phone", "address", "dob", "name", "birth", "birthday"));

    /** Once: {@code values()} copies its array on every call. */
    private static final Sensitivity[] VALUES = values();

    private final List<String> words;

    Sensitivity(List<String> words) {
        this.words = words;
    }

    private final String wire = name().toLowerCase(Locale.ROOT);

    /** The stored and printed form. */
    public String wire() {
        return wire;
    }

    /**
     * Classifies a field name: a multi-word term (api_key, credit_card...) anywhere in it, or one of the
     * words as a whole word (so {@code password_hash} is a credential but {@code monkey} is not).
     * Checked in the order credential, financial, health, PII.
     */
    public static Optional<Sensitivity> of(String field) {
        String f = field.toLowerCase(Locale.ROOT);
        List<String> tokens = List.of(f.split("[^a-z0-9]+"));
        for (Sensitivity s : VALUES) {
            for (String w : s.words) {
                if (w.contains("_") ? f.contains(w) : tokens.contains(w)) {
                    return Optional.of(s);
                }
            }
        }
        return Optional.empty();
    }
}
