package dev.tandem.stack.os;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** What the stack asks of the machine: who we are, where commands are, file owners, open ports, deleting trees. */
public final class Host {

    /** mariadbd and runuser live in /usr/sbin, which is not on a Debian user's PATH. */
    private static final List<String> EXTRA_PATH = List.of("/usr/sbin", "/sbin");

    private static final boolean ROOT = uid(Path.of("/proc/self")) == 0;

    private Host() {
    }

    public static boolean isRoot() {
        return ROOT;
    }

    private static int uid(Path path) {
        try {
            return (Integer) Files.getAttribute(path, "unix:uid");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the owner of " + path, e);
        }
    }

    /** The PATH of every command the stack runs: ours, then the sbin directories. */
    public static String path() {
        String own = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        return own + ":" + String.join(":", EXTRA_PATH);
    }

    /**
     * The executable {@code command} names, as {@code command -v} finds it on {@link #path()}; an
     * absolute path names itself. Java looks programs up on its own PATH, so commands run by absolute path.
     */
    public static Optional<Path> find(String command) {
        if (command.contains("/")) {
            Path path = Path.of(command);
            return Files.isExecutable(path) && !Files.isDirectory(path) ? Optional.of(path) : Optional.empty();
        }
        return Stream.of(path().split(":")).filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, command))
                .filter(candidate -> Files.isExecutable(candidate) && !Files.isDirectory(candidate)).findFirst();
    }

    /** {@code command} with its program resolved by {@link #find}, or as given when it is not found. */
    public static List<String> resolved(List<String> command) {
        List<String> result = new ArrayList<>(command);
        find(command.get(0)).ifPresent(program -> result.set(0, program.toString()));
        return result;
    }

    public static boolean userExists(String user) {
        try {
            lookup().lookupPrincipalByName(user);
            return true;
        } catch (UserPrincipalNotFoundException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look up the user " + user, e);
        }
    }

    /** {@code chown user:user} of each path. */
    public static void chown(String user, Path... paths) {
        try {
            UserPrincipal owner = lookup().lookupPrincipalByName(user);
            GroupPrincipal group = lookup().lookupPrincipalByGroupName(user);
            for (Path path : paths) {
                PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
                view.setOwner(owner);
                view.setGroup(group);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot give " + List.of(paths) + " to " + user, e);
        }
    }

    private static UserPrincipalLookupService lookup() {
        return Path.of("/").getFileSystem().getUserPrincipalLookupService();
    }

    /** Whether something accepts connections on 127.0.0.1:{@code port}. */
    public static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code rm -rf}: a data directory that initialization left half-written, or a purged state directory. */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
