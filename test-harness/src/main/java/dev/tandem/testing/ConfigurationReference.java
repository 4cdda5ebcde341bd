package dev.tandem.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration reference, {@code docs/configuration.md}: one section per process, each written
 * from its module's definitions of its keys by a test of that module (the orchestrator's
 * {@code @ConfigMapping}s, the checker's {@code ConfigDef}), in the manner of Debezium's
 * {@code ConfigDefinitionMetadataTest}. The test fails when a key has no doc or when the file is
 * not what the code produces; run with {@value #WRITE_PROPERTY}{@code =true} it rewrites its
 * section instead. The property is under {@code tandemtest.}, not {@code tandem.}: the orchestrator's
 * config mapping owns every {@code tandem.*} property and would refuse an unknown one.
 */
public final class ConfigurationReference {
    /** Set to {@code true} to write the sections instead of comparing them. */
    public static final String WRITE_PROPERTY = "tandemtest.config-docs.write";
    static final String FILE = "docs/configuration.md";
    private static final String HEADER = """
            # Configuration reference

            Generated from the code: do not edit by hand. Each process's table is written by a unit test
            of its module from the definitions of its keys (each key's doc and default sit there and
            nowhere else); the test fails the build when a key has no doc, or when this file is not what
            the code produces. The command under each table writes it anew.
            """;

    /** One key: its full name, its default as the code gives it ({@code null}: none), its doc. */
    public record Key(String name, String defaultValue, boolean required, String doc) {
        /** The default column: the value, or whether the key may be left out. */
        String defaultCell() {
            if (defaultValue != null) {
                return defaultValue.isEmpty() ? "(empty)" : "`" + defaultValue + "`";
            }
            return required ? "required" : "none (optional)";
        }
    }

    private ConfigurationReference() {
    }

    /**
     * Fails unless every key has a doc and {@code docs/configuration.md} holds this section as given;
     * with {@value #WRITE_PROPERTY}{@code =true}, writes the section instead.
     *
     * @param process    the section's name (a module name), which also marks its bounds in the file
     * @param intro      what the section covers and how its keys are set
     * @param regenerate the command that writes the section, said in the failure and under the table
     */
    public static void check(String process, String title, String intro, List<Key> keys, String regenerate) {
        assertThat(keys).as("keys of %s", process).isNotEmpty();
        List<String> undocumented = keys.stream().filter(key -> key.doc() == null || key.doc().isBlank())
                .map(Key::name).toList();
        assertThat(undocumented).as("keys of %s without a doc: give each one where it is defined", process).isEmpty();

        String section = section(process, title, intro, keys, regenerate);
        Path file = repositoryRoot().resolve(FILE);
        String current = read(file);
        String wanted = withSection(current, process, section);
        if (Boolean.getBoolean(WRITE_PROPERTY)) {
            write(file, wanted);
            return;
        }
        assertThat(current).as("%s is not what the code of %s produces; regenerate it: %s", FILE, process, regenerate)
                .isEqualTo(wanted);
    }

    static String section(String process, String title, String intro, List<Key> keys, String regenerate) {
        StringBuilder text = new StringBuilder();
        text.append(begin(process)).append('\n')
                .append("## ").append(title).append("\n\n")
                .append(intro.strip()).append("\n\n")
                .append("| key | default | description |\n|---|---|---|\n");
        List<Key> sorted = new ArrayList<>(keys);
        sorted.sort(Comparator.comparing(Key::name));
        for (Key key : sorted) {
            text.append("| `").append(key.name()).append("` | ").append(cell(key.defaultCell())).append(" | ")
                    .append(cell(key.doc())).append(" |\n");
        }
        text.append("\nWritten by: `").append(regenerate).append("`\n")
                .append(end(process)).append('\n');
        return text.toString();
    }

    /** The file with {@code section} in place of the process's old one, or appended when it has none. */
    static String withSection(String file, String process, String section) {
        String text = file == null ? HEADER : file;
        int from = text.indexOf(begin(process));
        int to = text.indexOf(end(process));
        if (from < 0 || to < from) {
            return text.stripTrailing() + "\n\n" + section;
        }
        int after = text.indexOf('\n', to);
        return text.substring(0, from) + section + (after < 0 ? "" : text.substring(after + 1));
    }

    private static String begin(String process) {
        return "<!-- generated: " + process + " -->";
    }

    private static String end(String process) {
        return "<!-- end generated: " + process + " -->";
    }

    /** A table cell: one line, no bare pipe. */
    private static String cell(String text) {
        return text.strip().replaceAll("\\s+", " ").replace("|", "\\|");
    }

    /** The checkout's root: a test runs in its module's folder, one below it. */
    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("docs"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("a folder with docs/ above %s", Path.of("").toAbsolutePath()).isNotNull();
        return dir;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
