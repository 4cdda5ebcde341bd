package dev.tandem.model;

/**
 * A store failed to carry out an operation. Each adapter classifies its driver's errors: a
 * retriable failure (connection lost, deadlock, timeout) may succeed when tried again; a permanent
 * one (authentication, missing schema, a constraint the record broke) will not.
 */
public class TokenStoreException extends RuntimeException {
    private final String store;
    private final boolean retriable;

    public TokenStoreException(String store, boolean retriable, String message, Throwable cause) {
        super(store + " store: " + message, cause);
        this.store = store;
        this.retriable = retriable;
    }

    public String store() {
        return store;
    }

    public boolean retriable() {
        return retriable;
    }
}
