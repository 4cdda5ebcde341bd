package dev.tandem.demo.admin;

/** The admin API could not be used for a call: unreachable, refused, not built, or an answer not understood. */
public class AdminException extends Exception {
    public AdminException(String message) {
        super(message);
    }

    /** The orchestrator refused a change (problem+json 400/409): the detail says why. */
    public static final class Refused extends AdminException {
        private final int status;

        public Refused(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** The endpoint answered 404: this orchestrator does not have it (yet). */
    public static final class Missing extends AdminException {
        public Missing(String message) {
            super(message);
        }
    }
}
