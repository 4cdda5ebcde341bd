package dev.tandem.stack.os;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Run by root, the databases run as the mysql and postgres users, who must be able to walk down to their
 * directories: a checkout under a private directory (/root, a mktemp -d) otherwise fails deep in initdb
 * with "Permission denied". Said once, up front, with the directory to open.
 */
public final class Reachability {

    private static final List<String> SERVER_USERS = List.of("mysql", "postgres");

    private Reachability() {
    }

    /** Why a server user cannot reach {@code dir}, or empty when every one can (or we are not root). */
    public static Optional<String> problem(Path dir) {
        if (!Host.isRoot()) {
            return Optional.empty();
        }
        for (String user : SERVER_USERS) {
            if (!Host.userExists(user) || canEnter(user, dir)) {
                continue;
            }
            Path blocked = dir;
            while (blocked.getParent() != null && !canEnter(user, blocked.getParent())) {
                blocked = blocked.getParent();
            }
            // blocked is now the highest directory on the way that the user cannot enter.
            return Optional.of("the " + user + " user, as which the database servers run, cannot reach " + dir + ": "
                    + blocked + " is not open to others (try: chmod o+x " + blocked
                    + ", or work under a directory others can enter)");
        }
        return Optional.empty();
    }

    private static boolean canEnter(String user, Path dir) {
        return Command.of("runuser", "-u", user, "--", "test", "-x", dir.toString()).succeeds();
    }
}
