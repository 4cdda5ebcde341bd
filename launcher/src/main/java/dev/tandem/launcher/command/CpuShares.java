package dev.tandem.launcher.command;

import dev.tandem.commandline.UsageException;
import dev.tandem.launcher.DevStack;
import dev.tandem.launcher.Home;
import dev.tandem.launcher.LaunchException;
import dev.tandem.launcher.Tandem;
import dev.tandem.stack.os.Processes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./tandem bench cpu [--seconds N]}: the CPU of each process of the running dev stack over N
 * seconds as a share of one core, from {@code /proc}: a process's own ticks (user + system), its
 * waited-for children's, and its live children's (PostgreSQL's backends and WAL senders).
 */
final class CpuShares {

    /** Linux's USER_HZ, which /proc/PID/stat counts in on every architecture Tandem runs on. */
    private static final int TICKS_PER_SECOND = 100;

    private CpuShares() {
    }

    static int run(Home home, List<String> options) throws UsageException {
        int seconds = 30;
        for (int i = 0; i < options.size(); i++) {
            String option = options.get(i);
            if (!option.equals("--seconds")) {
                throw new UsageException("unknown option '" + option + "' for bench cpu (valid: --seconds)");
            }
            if (i + 1 >= options.size()) {
                throw new UsageException("option --seconds needs a value");
            }
            String value = options.get(++i);
            if (!value.matches("[0-9]{1,4}")) {
                throw new UsageException("invalid --seconds '" + value + "' (valid: a whole number from 1 to 3600)");
            }
            seconds = Integer.parseInt(value);
            Bounds.check("--seconds", seconds, 1, 3600);
        }
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String server : List.of("mariadb", "postgres", "kafka")) {
            Processes.readPid(home.stateDir().resolve(server + ".pid")).filter(Processes::alive)
                    .ifPresent(pid -> pids.put(server, pid));
        }
        DevStack stack = new DevStack(home, Tandem.output(true));
        pids.putAll(stack.orchestrators().pids());
        stack.checker().running().ifPresent(pid -> pids.put("checker", pid));
        if (pids.isEmpty()) {
            throw new LaunchException("nothing of the dev stack runs (start it with ./tandem up)");
        }
        Map<String, Long> before = new LinkedHashMap<>();
        pids.forEach((name, pid) -> before.put(name, ticks(pid)));
        try {
            TimeUnit.SECONDS.sleep(seconds);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted");
        }
        System.out.printf(Locale.ROOT, "%-16s %8s  (%d s, %% of one core)%n", "process", "cpu", seconds);
        double total = 0;
        for (Map.Entry<String, Long> process : pids.entrySet()) {
            double share = 100.0 * (ticks(process.getValue()) - before.get(process.getKey()))
                    / (TICKS_PER_SECOND * (double) Duration.ofSeconds(seconds).toSeconds());
            total += share;
            System.out.printf(Locale.ROOT, "%-16s %7.2f%%%n", process.getKey(), share);
        }
        System.out.printf(Locale.ROOT, "%-16s %7.2f%%%n", "total", total);
        return 0;
    }

    private static long ticks(long pid) {
        long total = fields(pid, 14, 17);
        for (ProcessHandle child : ProcessHandle.of(pid).map(process -> process.children().toList()).orElse(List.of())) {
            total += fields(child.pid(), 14, 15);
        }
        return total;
    }

    /** The sum of /proc/PID/stat's fields {@code first} to {@code last} (numbered from 1, as in proc(5)). */
    private static long fields(long pid, int first, int last) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long sum = 0;
            // after[0] is field 3 (state); fields 14..17 (utime, stime, cutime, cstime) are after[11..14].
            for (int field = first; field <= last; field++) {
                sum += Long.parseLong(after[field - 3]);
            }
            return sum;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
