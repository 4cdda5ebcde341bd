package dev.tandem.checker.verdict;

import dev.tandem.contract.change.BinlogPosition;
import dev.tandem.contract.change.ChangeEvent;
import dev.tandem.contract.change.Lsn;
import dev.tandem.model.TokenRecord;
import dev.tandem.testing.RandomTokens;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * Random but plausible change histories of many tokens in both stores: mirrored writes, version
 * bumps, out-of-band updates that keep the version, revocations, deletes, and mirrors that never
 * arrived. Seeded, so a failure names a seed that reproduces it.
 */
final class ChangeHistories {
    private final RandomTokens random;
    private final Random shuffler;
    private long legacyPosition;
    private long enginePosition;

    ChangeHistories(long seed) {
        this.random = new RandomTokens(seed);
        this.shuffler = new Random(seed);
    }

    /** Events of {@code ids} tokens, each store's events of one token in commit order, committed before {@code until}. */
    List<ChangeEvent> generate(int ids, Instant until) {
        List<ChangeEvent> events = new ArrayList<>();
        long start = until.toEpochMilli() - 60_000;
        for (int i = 0; i < ids; i++) {
            events.addAll(history(start + i * 10L));
        }
        return events;
    }

    private List<ChangeEvent> history(long t0) {
        List<ChangeEvent> legacy = new ArrayList<>();
        List<ChangeEvent> engine = new ArrayList<>();
        // Expiry an hour or more away from now either way: the grade cannot change while a test runs.
        Instant now = Instant.ofEpochMilli(t0 + 60_000);
        Instant issuedAt = now.minusSeconds(7_200 + random.nextInt(86_400));
        Instant expiresAt = random.nextInt(4) == 0 ? now.minusSeconds(3_600) : now.plusSeconds(3_600 + random.nextInt(86_400));
        TokenRecord record = random.record().toBuilder().issuedAt(issuedAt).expiresAt(expiresAt).revokedAt(null).build();
        long at = t0;
        boolean mirrorBroken = random.nextInt(6) == 0;
        int steps = 1 + random.nextInt(4);
        for (int step = 0; step < steps; step++) {
            if (step > 0) {
                record = mutate(record, step);
            }
            at += 1 + random.nextInt(5);
            legacy.add(ChangeEvent.upsert("legacy", record, at, at, legacyPosition()));
            boolean outOfBand = step > 0 && random.nextInt(4) == 0;
            if (!mirrorBroken && !outOfBand) {
                engine.add(ChangeEvent.upsert("engine", record, at + 1, at + 1, enginePosition()));
            }
        }
        if (random.nextInt(5) == 0) {
            at += 3;
            legacy.add(ChangeEvent.delete("legacy", record.id(), at, at, legacyPosition()));
            if (random.nextInt(2) == 0) {
                engine.add(ChangeEvent.delete("engine", record.id(), at + 1, at + 1, enginePosition()));
            }
        }
        List<ChangeEvent> all = new ArrayList<>(legacy);
        all.addAll(engine);
        return all;
    }

    private TokenRecord mutate(TokenRecord record, int step) {
        return switch (random.nextInt(4)) {
            // A Tandem write: a higher version.
            case 0 -> record.toBuilder().scopes(random.scopes()).version(record.version() + 1 + random.nextInt(1_000)).build();
            // The old server's write: same version, other scopes.
            case 1 -> record.toBuilder().scopes(new TreeSet<>(List.of("scope-" + step))).build();
            // A revocation keeps the version.
            case 2 -> record.toBuilder().revokedAt(record.issuedAt().plusSeconds(step)).build();
            default -> record.toBuilder().subject("user-" + random.nextInt(100)).version(record.version() + 1).build();
        };
    }

    /** The events {@code times} times over, shuffled: duplicates and every kind of reordering within a key. */
    List<ChangeEvent> replayed(List<ChangeEvent> events, int times) {
        List<ChangeEvent> copies = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            copies.addAll(events);
        }
        Collections.shuffle(copies, shuffler);
        return copies;
    }

    private BinlogPosition legacyPosition() {
        return new BinlogPosition("mariadb-bin.000001", ++legacyPosition * 100, 0);
    }

    private Lsn enginePosition() {
        return new Lsn(0x1000 + ++enginePosition * 0x40);
    }
}
