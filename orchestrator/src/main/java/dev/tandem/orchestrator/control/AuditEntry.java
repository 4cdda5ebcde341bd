package dev.tandem.orchestrator.control;

import java.time.Instant;
import java.util.List;

/**
 * One accepted change of the control state: who, when, why, from and to, forced or not.
 *
 * @param revision the revision the change produced
 * @param at       when it was accepted
 * @param action   {@code phase}, {@code reads}, {@code rollback}, {@code auto-cutover} or {@code ramp}
 * @param actor    who made it: an admin token's name, or {@code auto-cutover} for the automatic cutover
 * @param reason   why
 * @param from     the state before
 * @param to       the state after
 * @param forced   whether failing guards were overridden
 * @param guards   guard verdicts at the time, as {@code name: reason} lines
 */
public record AuditEntry(long revision, Instant at, String action, String actor, String reason,
                         ControlState from, ControlState to, boolean forced, List<String> guards) {
}
