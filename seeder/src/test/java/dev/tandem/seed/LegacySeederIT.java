package dev.tandem.seed;

import dev.tandem.legacy.mapping.LegacyMapping;
import dev.tandem.legacy.mapping.LegacyRow;
import dev.tandem.legacy.schema.LegacyMigration;
import dev.tandem.legacy.schema.LegacySchema;
import dev.tandem.legacy.schema.LegacyTable;
import dev.tandem.model.TokenKind;
import dev.tandem.model.TokenRecord;
import dev.tandem.seed.LegacySeeder.SeedReport;
import dev.tandem.testing.DatabaseEndpoint;
import dev.tandem.testing.TestStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Seeds 10,000 rows once and checks them the way someone relying on the seeded data would. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LegacySeederIT {
    private static final int TOKENS = 10_000;
    private static final Pattern SECRET_PARAMETER = Pattern.compile("(?:client_secret|code_verifier|code|refresh_token)=([^&]+)");

    private DatabaseEndpoint database;
    private SeedReport report;
    private List<LegacyRow> rows;
    private List<TokenRecord> records;

    @BeforeAll
    void seed() throws SQLException {
        database = TestStack.get().freshLegacyDatabase();
        report = LegacySeeder.seed(options(database, TOKENS, 7));
        rows = readAll(database);
        records = rows.stream().map(LegacyMapping::toCanonical).toList();
    }

    @Test
    void writesEveryRowAndEachMapsToACanonicalRecord() {
        assertThat(report.rows()).isEqualTo(TOKENS);
        assertThat(rows).hasSize(TOKENS);
        assertThat(records).hasSize(TOKENS).allSatisfy(record -> assertThat(record.version()).isZero());
    }

    @Test
    void mixesKindsAsTheOldServerIssuedThem() {
        Map<TokenKind, Long> kinds = records.stream().collect(Collectors.groupingBy(TokenRecord::kind, Collectors.counting()));

        assertThat(share(kinds.get(TokenKind.ACCESS_TOKEN))).isCloseTo(0.50, within(0.03));
        assertThat(share(kinds.get(TokenKind.REFRESH_TOKEN))).isCloseTo(0.35, within(0.03));
        assertThat(share(kinds.get(TokenKind.AUTHORIZATION_CODE))).isCloseTo(0.15, within(0.03));
    }

    @Test
    void refreshTokensComeInFamiliesOfOneToFive() {
        Map<String, Long> families = records.stream().filter(r -> r.kind() == TokenKind.REFRESH_TOKEN)
                .collect(Collectors.groupingBy(TokenRecord::familyId, Collectors.counting()));
        IntSummaryStatistics sizes = families.values().stream().mapToInt(Long::intValue).summaryStatistics();

        assertThat(sizes.getMin()).isEqualTo(1);
        assertThat(sizes.getMax()).isEqualTo(5);
        assertThat(sizes.getAverage()).isCloseTo(3.0, within(0.3));
        Map<String, Set<String>> clientsPerFamily = records.stream().filter(r -> r.kind() == TokenKind.REFRESH_TOKEN)
                .collect(Collectors.groupingBy(TokenRecord::familyId, Collectors.mapping(TokenRecord::clientId, Collectors.toSet())));
        assertThat(clientsPerFamily.values()).as("a family is one grant: one client").allSatisfy(clients -> assertThat(clients).hasSize(1));
    }

    @Test
    void aboutOneInTwentyIsRevokedAndOneInFiveExpired() {
        assertThat(share(records.stream().filter(TokenRecord::isRevoked).count())).isCloseTo(0.05, within(0.015));
        assertThat(share(records.stream().filter(r -> !r.expiresAt().isAfter(report.now())).count())).isCloseTo(0.20, within(0.025));
    }

    @Test
    void rowsLookLikeTheOldServersScopesInRequestOrderAndSecretsInTheBlobs() {
        long unsorted = rows.stream().map(LegacyRow::grantedScope).filter(Predicate.not(LegacySeederIT::isSortedScopeList)).count();
        assertThat(unsorted).as("rows whose granted_scope is not in sorted order").isGreaterThan(TOKENS / 4);
        assertThat(rows).anyMatch(row -> !row.scope().equals(row.grantedScope()));
        assertThat(rows).anyMatch(row -> row.formData().contains("client_secret="));
        assertThat(rows).anyMatch(row -> row.formData().contains("code_verifier="));
        assertThat(rows).anyMatch(row -> row.sessionData().contains("\"extra\":{\"tenant\""));
        assertThat(records).anyMatch(record -> record.codeChallenge() != null);
    }

    @Test
    void noSecretOfTheBlobsReachesACanonicalRecord() {
        for (int i = 0; i < rows.size(); i++) {
            Matcher secrets = SECRET_PARAMETER.matcher(rows.get(i).formData());
            String record = records.get(i).toString() + records.get(i).codeChallenge();
            while (secrets.find()) {
                assertThat(record).doesNotContain(secrets.group(1));
            }
        }
    }

    @Test
    void writesLikeTheOldServerIntoAMigratedDatabaseToo() throws SQLException {
        DatabaseEndpoint migrated = TestStack.get().freshLegacyDatabase();
        try (Connection connection = jdbc(migrated)) {
            LegacySchema.create(connection);
            LegacyMigration.apply(connection);
        }
        LegacySeeder.seed(options(migrated, 300, 7));

        List<LegacyRow> seeded = readAll(migrated);
        assertThat(seeded).hasSize(300).allSatisfy(row -> assertThat(row.tandemVersion()).isZero());
        try (Connection connection = jdbc(migrated)) {
            assertThat(LegacyMigration.isApplied(connection)).isTrue();
        }
        try (Connection connection = jdbc(database)) {
            assertThat(LegacyMigration.isApplied(connection)).as("the seeder adds no Tandem column").isFalse();
        }
    }

    @Test
    void theSameSeedWritesTheSameTokens() throws SQLException {
        DatabaseEndpoint again = TestStack.get().freshLegacyDatabase();
        LegacySeeder.seed(new SeedOptions(again.host(), again.port(), again.database(), again.user(), again.password(),
                TOKENS, 7, 1));

        assertThat(readAll(again).stream().map(LegacyRow::signature).collect(Collectors.toSet()))
                .isEqualTo(rows.stream().map(LegacyRow::signature).collect(Collectors.toSet()));
    }

    private static boolean isSortedScopeList(String scopes) {
        List<String> list = List.of(scopes.strip().split("\\s+"));
        return list.equals(new ArrayList<>(new TreeSet<>(list)));
    }

    private static double share(Long count) {
        return count == null ? 0 : (double) count / TOKENS;
    }

    private static SeedOptions options(DatabaseEndpoint endpoint, int tokens, long seed) {
        return new SeedOptions(endpoint.host(), endpoint.port(), endpoint.database(), endpoint.user(), endpoint.password(),
                tokens, seed, 2);
    }

    /** A connection whose session runs in UTC, as the old server's rows are read. */
    private static Connection jdbc(DatabaseEndpoint database) throws SQLException {
        Connection connection = database.connect();
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET time_zone = '+00:00'");
        }
        return connection;
    }

    private static List<LegacyRow> readAll(DatabaseEndpoint database) throws SQLException {
        List<LegacyRow> all = new ArrayList<>();
        try (Connection connection = jdbc(database); Statement statement = connection.createStatement()) {
            for (LegacyTable table : LegacyTable.values()) {
                try (ResultSet rows = statement.executeQuery("SELECT * FROM " + table.tableName() + " ORDER BY signature")) {
                    int columns = rows.getMetaData().getColumnCount();
                    while (rows.next()) {
                        Map<String, Object> values = new HashMap<>();
                        for (int c = 1; c <= columns; c++) {
                            String name = rows.getMetaData().getColumnLabel(c);
                            values.put(name, name.equals("requested_at") ? rows.getObject(c, LocalDateTime.class) : rows.getObject(c));
                        }
                        all.add(LegacyRow.fromColumns(table, values));
                    }
                }
            }
        }
        return all;
    }
}
