package dev.tandem.bench;

import dev.tandem.admin.client.AdminCall;
import dev.tandem.admin.client.AdminClient;
import dev.tandem.admin.client.Answer;
import dev.tandem.admin.client.OrchestratorUnreachableException;
import dev.tandem.admin.view.Audit;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** What the benchmarks do to the phase through the admin API: read it, and step or force it to another one. */
final class Phases {
    private static final Duration APPLY_LIMIT = Duration.ofSeconds(10);
    /**
     * The phases the comparing benchmarks switch between; they start only from one of them, since a
     * forced step back from a later phase would lose what the engine alone holds.
     */
    static final Set<String> COMPARED = Set.of("LEGACY_ONLY", "DUAL_WRITE");

    /** The admin API refused (401, 403, 409): the benchmark stops and says why. */
    static final class RefusedException extends Exception {
        RefusedException(String message) {
            super(message);
        }
    }

    private final AdminClient admin;
    private final List<URI> urls;

    Phases(List<URI> urls, String token) {
        this.admin = new AdminClient(urls, token);
        this.urls = urls;
    }

    /** The phase {@code url} applies now. */
    String phase(URI url) throws IOException, RefusedException {
        String phase = answer(admin.at(url), AdminCall.migration(), "GET /admin/migration").phase();
        if (phase == null) {
            throw new IOException("GET /admin/migration on " + url + " answered no phase");
        }
        return phase;
    }

    /** Forces the phase to {@code target} and waits until every instance applies it. */
    void forcePhase(String target, String reason) throws IOException, InterruptedException, RefusedException {
        if (phase(urls.get(0)).equals(target)) {
            return;
        }
        answer(admin, AdminCall.phase(target, reason, true, false), "POST /admin/migration/phase to " + target);
        long deadline = System.nanoTime() + APPLY_LIMIT.toNanos();
        for (URI url : urls) {
            while (!phase(url).equals(target)) {
                if (System.nanoTime() > deadline) {
                    throw new IOException(url + " did not apply phase " + target + " within " + APPLY_LIMIT.toSeconds() + " s");
                }
                Thread.sleep(50);
            }
        }
    }

    /**
     * Steps the phase to {@code target} through the admin API (forced or not) and answers the
     * switch barrier's audit line, e.g. {@code switch-barrier: writes held 840 ms}, or null when the
     * step went through no barrier.
     */
    String step(String target, boolean force, String reason) throws IOException, RefusedException {
        answer(admin, AdminCall.phase(target, reason, force, false), "POST /admin/migration/phase to " + target);
        Audit audit = answer(admin, AdminCall.audit(1), "GET /admin/audit");
        return audit.entries().isEmpty() ? null : audit.entries().get(0).guards().stream()
                .filter(line -> line.startsWith("switch-barrier:")).findFirst().orElse(null);
    }

    private static <T> T answer(AdminClient client, AdminCall<T> call, String what) throws IOException, RefusedException {
        Answer<T> answer;
        try {
            answer = client.send(call);
        } catch (OrchestratorUnreachableException e) {
            throw new IOException(e.getMessage(), e);
        }
        int status = answer.status();
        if (status == 401 || status == 403 || status == 409) {
            throw new RefusedException(what + " was refused (" + status + "): " + answer.detail());
        }
        if (!answer.ok()) {
            throw new IOException(what + " failed (" + status + "): " + answer.detail());
        }
        if (answer.unreadable() != null) {
            throw new IOException(answer.unreadable());
        }
        return answer.value();
    }

    /** Forces the phase back to {@code original} (null: nothing to restore); a failure is said on stderr, not thrown. */
    void restore(String original, String reason) {
        if (original == null) {
            return;
        }
        try {
            forcePhase(original, reason + " (restoring the phase it found)");
        } catch (Exception e) {
            System.err.println("bench: could not put the phase back to " + original + ": " + e.getMessage());
        }
    }
}
