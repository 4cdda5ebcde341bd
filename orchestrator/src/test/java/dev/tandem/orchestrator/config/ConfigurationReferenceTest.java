package dev.tandem.orchestrator.config;

import dev.tandem.testing.ConfigurationReference;
import dev.tandem.testing.ConfigurationReference.Key;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappings;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The orchestrator's part of {@code docs/configuration.md}, generated from its {@code @ConfigMapping}
 * interfaces: the keys, their names and defaults as SmallRye itself derives them
 * ({@link ConfigMappings#getProperties}), and their docs from each method's javadoc.
 *
 * <p>Javadoc is not in the class files, so the docs are read from the sources here (the test runs in
 * the module's folder). That keeps the doc of a key where a reader of the mapping finds it, in the
 * idiom Quarkus documents its own mappings with, rather than restating each one in an annotation;
 * the parse needs no more than the shape these interfaces have (a javadoc, annotations, a method
 * without parameters).
 */
class ConfigurationReferenceTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final String PROPERTIES = "application.properties";
    private static final String REGENERATE = "./mvnw -o -pl orchestrator -am test -Dtest=ConfigurationReferenceTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -D" + ConfigurationReference.WRITE_PROPERTY + "=true";
    private static final String INTRO = """
            Tandem's own keys of an orchestrator instance (`tandem.*`), one `@ConfigMapping` interface per concern
            (`*Config.java`). Set them in `application.properties`, as system properties (`-Dtandem.write.mirror-timeout-ms=2000`)
            or as environment variables (`TANDEM_WRITE_MIRROR_TIMEOUT_MS`). The engine's datasource, the HTTP and
            management ports and Flyway are Quarkus's own keys (`quarkus.datasource.*`, `quarkus.http.*`,
            `quarkus.flyway.*`), set in `orchestrator/src/main/resources/application.properties` and documented by Quarkus.
            """;

    @Test
    void everyKeyIsDocumentedAndTheReferenceIsCurrent() throws IOException {
        ConfigurationReference.check("orchestrator", "Orchestrator", INTRO, keys(), REGENERATE);
    }

    @Test
    void applicationPropertiesSetsOnlyDeclaredTandemKeys() throws IOException {
        Set<String> declared = new TreeSet<>();
        keys().forEach(key -> declared.add(key.name()));
        Properties properties = new Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(PROPERTIES)) {
            assertThat(in).as(PROPERTIES).isNotNull();
            properties.load(in);
        }
        List<String> undeclared = properties.stringPropertyNames().stream()
                // %test.tandem.x is tandem.x in the test profile; a list's tandem.x[0] is tandem.x.
                .map(name -> name.replaceFirst("^%[^.]+\\.", "").replaceAll("\\[\\d+]$", ""))
                .filter(name -> name.startsWith("tandem."))
                .filter(name -> !declared.contains(name))
                .sorted().toList();
        assertThat(undeclared).as("%s sets tandem.* keys that no @ConfigMapping declares", PROPERTIES).isEmpty();
    }

    /** Every key of every mapping under src/main/java. */
    private static List<Key> keys() throws IOException {
        List<Key> keys = new ArrayList<>();
        for (Path source : mappingSources()) {
            Map<String, String> docs = javadocs(source);
            Class<?> mapping = load(source);
            String prefix = mapping.getAnnotation(ConfigMapping.class).prefix();
            ConfigMappings.getProperties(new ConfigMappings.ConfigClass(mapping, prefix)).forEach((name, property) -> {
                // SmallRye lists a list both as tandem.x and as its elements tandem.x[*]: one key.
                if (!property.isGroup() && !name.endsWith("[*]")) {
                    keys.add(new Key(name, property.hasDefaultValue() ? property.getDefaultValue() : null,
                            !property.hasDefaultValue() && !optional(property.getMethod()),
                            docs.get(docKey(property.getMethod()))));
                }
            });
        }
        return keys;
    }

    private static List<Path> mappingSources() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            List<Path> sources = new ArrayList<>();
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).sorted().toList()) {
                if (Files.readString(file, StandardCharsets.UTF_8).contains("@ConfigMapping(")) {
                    sources.add(file);
                }
            }
            assertThat(sources).as("@ConfigMapping interfaces under %s", SOURCES.toAbsolutePath()).isNotEmpty();
            return sources;
        }
    }

    private static Class<?> load(Path source) {
        String name = SOURCES.relativize(source).toString().replaceAll("\\.java$", "").replace('/', '.');
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new AssertionError("no class " + name + " for " + source, e);
        }
    }

    private static boolean optional(Method method) {
        return method.getReturnType().getName().startsWith("java.util.Optional");
    }

    private static String docKey(Method method) {
        return method.getDeclaringClass().getName() + "#" + method.getName();
    }

    // A javadoc; a comment or a string (passed over: they may hold braces); an interface's opening; a
    // brace; a method without parameters; the end of any other member (a constant), which drops a
    // pending javadoc that belonged to it.
    private static final Pattern TOKENS = Pattern.compile(
            "(?<doc>/\\*\\*.*?\\*/)|/\\*.*?\\*/|//[^\\n]*|\"(?:\\\\.|[^\"\\\\])*\""
                    + "|\\binterface\\s+(?<type>\\w+)[^{;]*\\{|(?<open>\\{)|(?<close>})"
                    + "|(?<method>\\w+)\\s*\\(\\s*\\)\\s*;|(?<end>;)", Pattern.DOTALL);

    /** Each method's javadoc, flattened to one paragraph, by {@code binary.Name#method}. */
    private static Map<String, String> javadocs(Path source) throws IOException {
        String text = Files.readString(source, StandardCharsets.UTF_8);
        String packageName = text.replaceFirst("(?s)^.*?\\bpackage\\s+([\\w.]+)\\s*;.*$", "$1");
        Map<String, String> docs = new HashMap<>();
        Deque<String> types = new ArrayDeque<>();
        Deque<Boolean> braceIsType = new ArrayDeque<>();
        String pending = null;
        Matcher token = TOKENS.matcher(text);
        while (token.find()) {
            if (token.group("doc") != null) {
                pending = flatten(token.group("doc"));
            } else if (token.group("type") != null) {
                types.push(types.isEmpty() ? packageName + "." + token.group("type") : types.peek() + "$" + token.group("type"));
                braceIsType.push(true);
                pending = null;
            } else if (token.group("open") != null) {
                braceIsType.push(false);
            } else if (token.group("close") != null) {
                if (!braceIsType.isEmpty() && braceIsType.pop()) {
                    types.pop();
                }
            } else if (token.group("method") != null) {
                if (pending != null && !types.isEmpty()) {
                    docs.put(types.peek() + "#" + token.group("method"), pending);
                }
                pending = null;
            } else if (token.group("end") != null) {
                pending = null;
            }
        }
        return docs;
    }

    /** A javadoc as one line of Markdown: no comment marks, {@code x} and {@link X} as code. */
    private static String flatten(String javadoc) {
        String body = javadoc.substring(3, javadoc.length() - 2).replaceAll("(?m)^\\s*\\*", " ");
        // One level of braces inside: {@code metric{reason="busy"}}.
        return body.replaceAll("\\{@(?:code|link|linkplain|value)\\s+((?:[^{}]|\\{[^{}]*})*)}", "`$1`")
                .replaceAll("<p>", " ").replaceAll("\\s+", " ").strip();
    }
}
