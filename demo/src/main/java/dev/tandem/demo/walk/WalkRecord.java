package dev.tandem.demo.walk;

import dev.tandem.admin.view.BackfillStatus;
import dev.tandem.admin.view.VerificationStatus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What the walk did, kept as it goes so that the summary can tell it also after a failure. */
public final class WalkRecord {
    private final PhaseClock phases = new PhaseClock();
    private final List<String> rampSteps = new ArrayList<>();
    private final List<VerificationStatus> verifications = new ArrayList<>();
    private BackfillStatus backfill;
    private Duration backfillTime;
    private String finalPhase;

    public PhaseClock phases() {
        return phases;
    }

    public synchronized List<String> rampSteps() {
        return List.copyOf(rampSteps);
    }

    synchronized void rampStep(String step) {
        rampSteps.add(step);
    }

    public synchronized List<VerificationStatus> verifications() {
        return List.copyOf(verifications);
    }

    synchronized void verified(VerificationStatus view) {
        verifications.add(view);
    }

    /** The last finished verification, or null. */
    public synchronized VerificationStatus lastVerification() {
        return verifications.isEmpty() ? null : verifications.get(verifications.size() - 1);
    }

    public synchronized BackfillStatus backfill() {
        return backfill;
    }

    /** Wall time from asking for the backfill to seeing it DONE, or null. */
    public synchronized Duration backfillTime() {
        return backfillTime;
    }

    synchronized void backfilled(BackfillStatus view, Duration time) {
        backfill = view;
        backfillTime = time;
    }

    /** The phase last seen, or null before the first answer. */
    public synchronized String finalPhase() {
        return finalPhase;
    }

    synchronized void phase(String phase) {
        finalPhase = phase;
    }
}
