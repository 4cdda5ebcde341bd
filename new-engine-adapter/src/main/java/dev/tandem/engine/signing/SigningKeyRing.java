package dev.tandem.engine.signing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * An immutable snapshot of the signing keys: which one signs now, which ones verify and are
 * published. Rotation adds a key; the old one keeps verifying the tokens it signed until it is
 * retired, which should wait until the longest-lived of those tokens has expired.
 */
public final class SigningKeyRing {
    /** Newest activation last; ties (two rotations in one microsecond) by creation, then kid. */
    private static final Comparator<SigningKey> ACTIVATION_ORDER = Comparator.comparing(SigningKey::activatedAt)
            .thenComparing(SigningKey::createdAt).thenComparing(SigningKey::kid);

    private final List<SigningKey> keys;

    private SigningKeyRing(List<SigningKey> keys) {
        List<SigningKey> sorted = new ArrayList<>(keys);
        sorted.sort(ACTIVATION_ORDER);
        this.keys = List.copyOf(sorted);
    }

    public static SigningKeyRing of(List<SigningKey> keys) {
        long distinct = keys.stream().map(SigningKey::kid).distinct().count();
        if (distinct != keys.size()) {
            throw new IllegalArgumentException("two signing keys with one kid");
        }
        return new SigningKeyRing(keys);
    }

    public static SigningKeyRing empty() {
        return new SigningKeyRing(List.of());
    }

    /** Every key, retired ones included, in activation order. */
    public List<SigningKey> keys() {
        return keys;
    }

    /** The key that signs at {@code now}: the most recently activated one that is not retired. */
    public Optional<SigningKey> activeAt(Instant now) {
        for (int i = keys.size() - 1; i >= 0; i--) {
            if (keys.get(i).canSignAt(now)) {
                return Optional.of(keys.get(i));
            }
        }
        return Optional.empty();
    }

    /** Keys that verify at {@code now}, and so belong in the JWKS. */
    public List<SigningKey> verificationKeysAt(Instant now) {
        return keys.stream().filter(key -> key.canVerifyAt(now)).toList();
    }

    /** The key with this kid, if it verifies at {@code now}. */
    public Optional<SigningKey> verificationKey(String kid, Instant now) {
        return keys.stream().filter(key -> key.kid().equals(kid) && key.canVerifyAt(now)).findFirst();
    }

    /** This ring plus {@code key}. */
    public SigningKeyRing with(SigningKey key) {
        List<SigningKey> more = new ArrayList<>(keys);
        more.add(key);
        return of(more);
    }

    /** This ring with the key {@code kid} retired at {@code at}. */
    public SigningKeyRing retire(String kid, Instant at) {
        if (keys.stream().noneMatch(key -> key.kid().equals(kid))) {
            throw new IllegalArgumentException("kid \"" + kid + "\" is not in the ring (kids: "
                    + keys.stream().map(SigningKey::kid).toList() + ")");
        }
        return new SigningKeyRing(keys.stream().map(key -> key.kid().equals(kid) && key.retiredAt() == null
                ? key.retiredAt(at) : key).toList());
    }

    @Override
    public String toString() {
        return "SigningKeyRing" + keys;
    }
}
