package org.vibevoice.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real CLI ({@link Main}) in a child JVM: this JVM's java binary and class path, with the flags
 * the launcher script passes, output to files in {@code logs} (a pipe nobody reads could block it).
 */
final class ChildCli {
    private static final List<String> JVM_FLAGS = List.of("--add-modules", "jdk.incubator.vector",
            "--enable-native-access=ALL-UNNAMED", "-XX:+UseParallelGC", "-Xmx1g");

    private final Path logs;
    private int runs;

    ChildCli(Path logs) throws IOException {
        this.logs = Files.createDirectories(logs);
    }

    /** Starts {@code ./vibevoice args...}. */
    Process start(List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JVM_FLAGS);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(args);
        int n = runs++;
        return new ProcessBuilder(cmd).redirectOutput(logs.resolve("run" + n + ".out").toFile())
                .redirectError(logs.resolve("run" + n + ".err").toFile()).start();
    }

    /** Runs to the end (at most two minutes); the exit status. */
    int run(List<String> args) throws IOException, InterruptedException {
        Process p = start(args);
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("vibevoice " + args + " did not finish in 2 minutes");
        }
        return p.exitValue();
    }

    /** The stderr of the last run, for failure messages. */
    String lastErr() {
        try {
            return Files.readString(logs.resolve("run" + (runs - 1) + ".err"));
        } catch (IOException e) {
            return "(no stderr: " + e.getMessage() + ")";
        }
    }

    /** A run that was killed ({@code killed}) or ended on its own first. */
    record Kill(long pid, boolean killed) {
    }

    /**
     * Starts the command and sends it SIGKILL ({@link Process#destroyForcibly} on Linux) after
     * {@code delayMillis} unless it ended first; returns once it is gone.
     */
    Kill killAfter(List<String> args, long delayMillis) throws IOException, InterruptedException {
        Process p = start(args);
        boolean killed = !p.waitFor(delayMillis, TimeUnit.MILLISECONDS);
        if (killed) {
            p.destroyForcibly();
        }
        p.waitFor();
        return new Kill(p.pid(), killed);
    }
}
