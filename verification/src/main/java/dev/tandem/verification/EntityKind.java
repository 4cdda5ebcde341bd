package dev.tandem.verification;

/**
 * What a {@link Difference} is about: a token (keyed by its hash) or a client (keyed by its client_id).
 * The two key spaces are apart, so the entity is part of a difference's key. The wire name is what
 * reports and the database use.
 */
public enum EntityKind {
    TOKEN("token"),
    CLIENT("client");

    private final String wireName;

    EntityKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static EntityKind fromWireName(String value) {
        for (EntityKind entity : values()) {
            if (entity.wireName.equals(value)) {
                return entity;
            }
        }
        throw new IllegalArgumentException("\"" + value + "\" is not an entity kind (valid: token, client)");
    }
}
