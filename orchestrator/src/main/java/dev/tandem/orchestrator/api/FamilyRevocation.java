package dev.tandem.orchestrator.api;

/** The answer to {@code POST /v1/families/{familyId}/revoke}: how many tokens of the family were usable before. */
public record FamilyRevocation(int revoked) {
}
