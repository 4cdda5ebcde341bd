package dev.tandem.admin.client;

/**
 * A call that did not give its record: no instance answered, the answer was not 2xx, or its 2xx body does not
 * read as the record. For clients that act on the record and stop (or wait and ask again) on anything else; the
 * message names the call and says why.
 */
public final class AdminCallException extends Exception {
    private final int status;

    AdminCallException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The status answered; 0 when no instance answered. */
    public int status() {
        return status;
    }

    /** The orchestrator refused the call: a guard failed, the step is not allowed now, or the request is invalid. */
    public boolean refused() {
        return status == 400 || status == 409 || status == 422;
    }

    /** The orchestrator has no such endpoint (404): an older version, or not an orchestrator. */
    public boolean missing() {
        return status == 404;
    }
}
