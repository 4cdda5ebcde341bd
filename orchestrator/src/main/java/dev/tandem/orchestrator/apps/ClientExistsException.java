package dev.tandem.orchestrator.apps;

/** A client of that id is registered already (or was, and was deleted: ids are not reused). */
public class ClientExistsException extends RuntimeException {
    public ClientExistsException(String clientId) {
        super("client_id " + clientId + " is taken");
    }
}
