package dev.tandem.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.admin.view.BackfillStatus;
import dev.tandem.admin.view.VerificationReport;
import dev.tandem.admin.view.VerificationStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Human output of the bulk jobs, in the shapes BackfillStatus, VerificationStatus and VerificationReport write. */
class JobOutputTest {
    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static <T> T json(Class<T> type, String text) throws IOException {
        return JSON.readValue(text.replace('\'', '"'), type);
    }

    static final String BACKFILL_RUNNING = """
            {'state':'RUNNING','rowsScanned':450000,'rowsCopied':430000,'rowsSkippedExpired':15000,
             'rowsSkippedExpiring':5000,'rowsSkippedNewerInEngine':0,'estimatedTotalRows':1000000,
             'rowsPerSecond':52123.4,'effectiveRowsPerSecond':20000,'etaSeconds':11,'lastId':'7f3a',
             'liveOnlyInLegacy':0,'lastLegacyOnlyExpiry':null,'owner':'4242@orchestrator-1',
             'leaseUntil':'2026-03-01T10:16:00Z',
             'settings':{'chunkSize':5000,'rowsPerSecond':40000,'expiryHorizonSeconds':3600,'lagThresholdMs':5000,'leaseSeconds':30},
             'startedAt':'2026-03-01T10:15:30Z','updatedAt':'2026-03-01T10:15:39Z','finishedAt':null,'error':null}""";

    static final String VERIFY_RUNNING = """
            {'runId':7,'state':'RUNNING','phase':'DUAL_WRITE','startedAt':'2026-03-01T10:15:30Z','finishedAt':null,
             'rowsCompared':412000,'chunksDone':26,'chunksTotal':64,'rowsPerSecond':510000,'differences':0,
             'clean':false,'active':true,'owner':'4242@orchestrator-1','error':null,'fresh':false,'maxAge':'PT24H'}""";

    static String verifyDone(long differences) {
        return VERIFY_RUNNING.replace("'RUNNING'", "'DONE'").replace("'finishedAt':null", "'finishedAt':'2026-03-01T10:17:10.25Z'")
                .replace("'rowsCompared':412000", "'rowsCompared':1000000").replace("'chunksDone':26", "'chunksDone':64")
                .replace("'differences':0", "'differences':" + differences).replace("'active':true", "'active':false")
                .replace("'fresh':false", "'fresh':true").replace("'clean':false", "'clean':" + (differences == 0));
    }

    @Test
    void aRunningBackfillShowsBarRowsSkipsRateEtaAndTheLimitSlowedByLag() throws IOException {
        assertThat(JobOutput.backfill(json(BackfillStatus.class, BACKFILL_RUNNING))).isEqualTo("""
                backfill  RUNNING [#########...........]  45%  450,000 of ~1,000,000 rows scanned; copied 430,000, skipped 20,000 (15,000 expired, 5,000 expiring); 52,123 rows/s; ETA 11s
                rate      limit 20,000 rows/s (set 40,000, slowed while the checker lags), run by 4242@orchestrator-1
                """);
    }

    @Test
    void aThrottledBackfillSaysWhyWithTheNumbers() throws IOException {
        BackfillStatus throttled = json(BackfillStatus.class, BACKFILL_RUNNING.replace("'effectiveRowsPerSecond':20000", "'effectiveRowsPerSecond':2500,"
                + "'throttledBecause':'throttled to 2,500 rows/s: checker lag 8.2 s > 5 s, rising'"));
        BackfillStatus stalled = json(BackfillStatus.class, BACKFILL_RUNNING.replace("'effectiveRowsPerSecond':20000", "'effectiveRowsPerSecond':10,"
                + "'throttledBecause':'checker stalled: lag 42.0 s, rising 1.0 s/s; held at 10 rows/s'")
                .replace("'rowsPerSecond':40000", "'rowsPerSecond':0"));

        assertThat(JobOutput.backfillDetails(throttled)).isEqualTo("rate      throttled to 2,500 rows/s: checker lag 8.2 s > 5 s,"
                + " rising (set 40,000), run by 4242@orchestrator-1\n");
        assertThat(JobOutput.backfillDetails(stalled)).isEqualTo("rate      checker stalled: lag 42.0 s, rising 1.0 s/s;"
                + " held at 10 rows/s (set no limit), run by 4242@orchestrator-1\n");
    }

    @Test
    void aDoneBackfillIsAtHundredPercentAndNamesTheTokensLeftInLegacy() throws IOException {
        BackfillStatus done = json(BackfillStatus.class, BACKFILL_RUNNING.replace("'RUNNING'", "'DONE'").replace("'rowsScanned':450000", "'rowsScanned':1000020")
                .replace("'rowsSkippedNewerInEngine':0", "'rowsSkippedNewerInEngine':3").replace("'liveOnlyInLegacy':0", "'liveOnlyInLegacy':120")
                .replace("'lastLegacyOnlyExpiry':null", "'lastLegacyOnlyExpiry':'2026-03-01T11:15:30.5Z'"));

        assertThat(JobOutput.backfill(done)).isEqualTo("""
                backfill  DONE [####################] 100%  1,000,020 of ~1,000,000 rows scanned; copied 430,000, skipped 20,003 (15,000 expired, 5,000 expiring, 3 already in the engine)
                legacy    120 live tokens only in legacy (expiring within the horizon, not copied); the last expires 2026-03-01T11:15:30Z
                """);
    }

    @Test
    void anEstimateBelowWhatWasScannedNeverShowsHundredPercentBeforeDone() throws IOException {
        BackfillStatus outgrown = json(BackfillStatus.class, BACKFILL_RUNNING.replace("'rowsScanned':450000", "'rowsScanned':1200000"));

        assertThat(JobOutput.backfillProgress(outgrown)).contains("[###################.]  99%");
    }

    @Test
    void aFailedBackfillShowsItsErrorAndOneNeverStartedSaysHowToStart() throws IOException {
        BackfillStatus failed = json(BackfillStatus.class, BACKFILL_RUNNING.replace("'RUNNING'", "'FAILED'")
                .replace("'error':null", "'error':'the engine database refused connections'"));

        assertThat(JobOutput.backfill(failed)).endsWith("\nerror     the engine database refused connections\n")
                .doesNotContain("ETA");
        assertThat(JobOutput.backfill(json(BackfillStatus.class, "{'state':null,'rowsScanned':0}")))
                .isEqualTo("backfill  never started: ./tandem backfill start --reason TEXT copies legacy's tokens (in DUAL_WRITE or later)\n");
    }

    @Test
    void anUnknownTotalShowsNoShareRatherThanAWrongOne() throws IOException {
        BackfillStatus unknown = json(BackfillStatus.class, BACKFILL_RUNNING.replace("'estimatedTotalRows':1000000", "'estimatedTotalRows':0")
                .replace("'etaSeconds':11", "'etaSeconds':null"));

        assertThat(JobOutput.backfillProgress(unknown)).contains("[....................]   ?%  450,000 of ? rows scanned")
                .endsWith("ETA ?");
    }

    @Test
    void aRunningVerificationShowsChunksRowsRateAndNoVerdictYet() throws IOException {
        assertThat(JobOutput.verification(json(VerificationStatus.class, VERIFY_RUNNING))).isEqualTo("""
                verify    run 7 RUNNING [########............]  40%  chunks 26 of 64, 412,000 rows compared, 510,000 rows/s, 0 differences
                verdict   no verdict yet: run 7 in DUAL_WRITE is running; ./tandem verify status --wait follows it
                """);
    }

    @Test
    void verdictsSayWhetherTheStoresAgreeAndWhetherTheRunStillCounts() throws IOException {
        assertThat(JobOutput.verdict(json(VerificationStatus.class, verifyDone(0)))).isEqualTo("verdict   the stores AGREE over 1,000,000 token ids,"
                + " run 7 in DUAL_WRITE finished 2026-03-01T10:17:10Z; fresh (max age 24h00m)\n");
        assertThat(JobOutput.verdict(json(VerificationStatus.class, verifyDone(3).replace("'fresh':true", "'fresh':false")))).isEqualTo("verdict"
                + "   the stores DIFFER: 3 differences over 1,000,000 token ids, run 7 in DUAL_WRITE finished 2026-03-01T10:17:10Z;"
                + " STALE (older than 24h00m or from another phase): ./tandem verify runs a new one\n");
        assertThat(JobOutput.verdict(json(VerificationStatus.class, VERIFY_RUNNING.replace("'RUNNING'", "'FAILED'").replace("'error':null", "'error':'legacy unreachable'"))))
                .isEqualTo("verdict   run 7 in DUAL_WRITE FAILED: legacy unreachable\n");
        assertThat(JobOutput.verdict(json(VerificationStatus.class, VERIFY_RUNNING.replace("'active':true", "'active':false")))).isEqualTo("verdict"
                + "   no verdict: run 7 in DUAL_WRITE stopped unfinished (no process works on it); ./tandem verify resumes it\n");
    }

    @Test
    void differencesListTheFirstTwentyByIdPrefixKindAndFieldsAndSayHowToGetAll() throws IOException {
        String items = IntStream.range(0, 25).mapToObj(i -> "{'id':'%02d%s','kind':'%s','fields':%s,'legacy':{},'engine':null}"
                .formatted(i, "e".repeat(62), i == 0 ? "missing_in_engine" : "field_mismatch", i == 0 ? "[]" : "['clientId','scopes']"))
                .collect(Collectors.joining(","));
        String text = JobOutput.differences(json(VerificationReport.class, verifyDone(25).replace("}", ",'items':[" + items + "]}")));

        assertThat(text).startsWith("""
                ID            KIND               FIELDS
                00eeeeeeeeee  missing_in_engine  -
                01eeeeeeeeee  field_mismatch     clientId,scopes
                """);
        assertThat(text.lines()).hasSize(1 + 20 + 1);
        assertThat(text).contains("19eeeeeeeeee  field_mismatch").doesNotContain("20eeeeeeeeee").doesNotContain("e".repeat(11))
                .endsWith("showing 20 of 25 differences; every one with both stores' records: ./tandem verify status --wait -o json\n");
    }

    @Test
    void aClientDifferenceShowsItsWholeClientIdMarkedAsAClient() throws IOException {
        String items = "{'entity':'token','id':'%s','kind':'missing_in_engine','fields':[],'legacy':{},'engine':null},".formatted("a".repeat(64))
                + "{'entity':'client','id':'app-0123456789abcdef0123','kind':'field_mismatch','fields':['secretHash','version'],"
                + "'legacy':{},'engine':{}}";
        String text = JobOutput.differences(json(VerificationReport.class, verifyDone(2).replace("}", ",'items':[" + items + "]}")));

        assertThat(text).startsWith("""
                ID                               KIND               FIELDS
                aaaaaaaaaaaa                     missing_in_engine  -
                client:app-0123456789abcdef0123  field_mismatch     secretHash,version
                """);
    }

    @ParameterizedTest
    @CsvSource({"DONE,0,0", "DONE,3,1", "FAILED,0,3", "RUNNING,0,4", "EXPLODED,0,2"})
    void verifyExitCodesFollowKubectlDiff(String state, long differences, int exitCode) throws IOException {
        assertThat(JobCommands.verdict(json(VerificationStatus.class, "{'state':'%s','differences':%d}".formatted(state, differences)))).isEqualTo(exitCode);
    }

    @Test
    void durationsReadAtAGlance() {
        assertThat(JobOutput.duration(42)).isEqualTo("42s");
        assertThat(JobOutput.duration(185)).isEqualTo("3m05s");
        assertThat(JobOutput.duration(7_620)).isEqualTo("2h07m");
    }
}
