package dev.tandem.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;

/**
 * The OAuth benchmark's figures: code flows and refreshes in LEGACY_ONLY and in DUAL_WRITE side by side,
 * with the ratio DUAL_WRITE / LEGACY_ONLY of each. Figures only: no target is set or judged.
 */
record OAuthComparison(OAuthLoad.Result legacyOnly, OAuthLoad.Result dualWrite, int clients, long seconds) {

    String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "OAuth benchmark: %d clients, %d s per phase; a code flow is the authorization"
                + " request (dev login) and the code's redemption, then %d refreshes of its grant (public app, PKCE S256)%n%n",
                clients, seconds, OAuthLoad.REFRESHES_PER_FLOW));
        out.append(String.format(Locale.ROOT, "%-24s %12s %12s %9s%n", "", "LEGACY_ONLY", "DUAL_WRITE", "ratio"));
        rows(out, "code flow", "code flows", legacyOnly.flows(), dualWrite.flows());
        rows(out, "refresh", "refreshes", legacyOnly.refreshes(), dualWrite.refreshes());
        error(out, "LEGACY_ONLY", legacyOnly);
        error(out, "DUAL_WRITE", dualWrite);
        return out.toString();
    }

    String json() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("clients", clients).put("secondsPerPhase", seconds).put("refreshesPerFlow", OAuthLoad.REFRESHES_PER_FLOW);
        root.set("legacyOnly", side(mapper, legacyOnly));
        root.set("dualWrite", side(mapper, dualWrite));
        ObjectNode ratios = root.putObject("ratios");
        ratios.set("codeFlows", ratios(mapper, legacyOnly.flows(), dualWrite.flows()));
        ratios.set("refreshes", ratios(mapper, legacyOnly.refreshes(), dualWrite.refreshes()));
        return root.toPrettyString();
    }

    private static void rows(StringBuilder out, String name, String plural, WriteLoad.Result legacy, WriteLoad.Result dual) {
        row(out, name + " p50 (ms)", legacy.percentileMillis(50), dual.percentileMillis(50));
        row(out, name + " p99 (ms)", legacy.percentileMillis(99), dual.percentileMillis(99));
        row(out, plural + " per second", legacy.throughputPerSecond(), dual.throughputPerSecond());
        out.append(String.format(Locale.ROOT, "%-24s %12d %12d%n", plural, legacy.writes(), dual.writes()));
        out.append(String.format(Locale.ROOT, "%-24s %12d %12d%n", name + " errors", legacy.errors(), dual.errors()));
    }

    private static void row(StringBuilder out, String name, double legacy, double dual) {
        out.append(String.format(Locale.ROOT, "%-24s %12.2f %12.2f %8.2fx%n", name, legacy, dual, dual / legacy));
    }

    private static void error(StringBuilder out, String phase, OAuthLoad.Result result) {
        for (WriteLoad.Result side : new WriteLoad.Result[] {result.flows(), result.refreshes()}) {
            if (side.firstError() != null) {
                out.append(String.format(Locale.ROOT, "%nfirst error in %s: %s%n", phase, side.firstError()));
            }
        }
    }

    private static ObjectNode side(ObjectMapper mapper, OAuthLoad.Result result) {
        ObjectNode side = mapper.createObjectNode();
        side.set("codeFlows", figures(mapper, result.flows()));
        side.set("refreshes", figures(mapper, result.refreshes()));
        return side;
    }

    private static ObjectNode figures(ObjectMapper mapper, WriteLoad.Result result) {
        return mapper.createObjectNode()
                .put("p50Millis", result.percentileMillis(50))
                .put("p99Millis", result.percentileMillis(99))
                .put("perSecond", result.throughputPerSecond())
                .put("count", result.writes())
                .put("errors", result.errors());
    }

    private static ObjectNode ratios(ObjectMapper mapper, WriteLoad.Result legacy, WriteLoad.Result dual) {
        return mapper.createObjectNode()
                .put("p50", dual.percentileMillis(50) / legacy.percentileMillis(50))
                .put("p99", dual.percentileMillis(99) / legacy.percentileMillis(99))
                .put("perSecond", dual.throughputPerSecond() / legacy.throughputPerSecond());
    }
}
