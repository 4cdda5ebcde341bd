package dev.tandem.testing;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TestStackTest {

    @Test
    void freshDatabaseNamesAreUniqueAndValidOnBothServers() {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            names.add(TestStack.newDatabaseName());
        }

        assertThat(names).hasSize(1000);
        // Unquoted identifiers on both servers, well under PostgreSQL's 63-byte limit.
        assertThat(names).allMatch(name -> name.matches("t_[0-9a-f]{16}"));
    }
}
