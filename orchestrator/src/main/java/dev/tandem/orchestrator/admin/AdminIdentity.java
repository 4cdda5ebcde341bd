package dev.tandem.orchestrator.admin;

/**
 * Whom an admin token belongs to.
 *
 * @param name the token's name, recorded as the actor of every change made with it
 * @param role what it may do
 */
public record AdminIdentity(String name, AdminRole role) {
}
